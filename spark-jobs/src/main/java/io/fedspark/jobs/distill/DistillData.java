package io.fedspark.jobs.distill;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.TargetTask;
import java.util.ArrayList;
import java.util.List;

/**
 * What the distillation runs and evaluation cells of {@code fedspark distill} read, broadcast once:
 * the source data and each target task's labelled and test examples.
 *
 * @param source the source examples (shard id 0)
 * @param shape the shape of one example
 * @param sourceName the source's name
 * @param taskTrain per task, its labelled examples
 * @param taskTest per task, its test examples
 * @param taskNames per task, its name
 */
public record DistillData(ClientShard source, int[] shape, String sourceName, ClientShard[] taskTrain,
    ClientShard[] taskTest, String[] taskNames) {

  static DistillData of(LabeledDataset source, List<TargetTask> tasks) {
    ClientShard[] train = new ClientShard[tasks.size()];
    ClientShard[] test = new ClientShard[tasks.size()];
    String[] names = new String[tasks.size()];
    for (int t = 0; t < tasks.size(); t++) {
      train[t] = all(tasks.get(t).train(), t);
      test[t] = all(tasks.get(t).test(), t);
      names[t] = tasks.get(t).name();
    }
    return new DistillData(all(source, 0), source.shape(), source.name(), train, test, names);
  }

  private static ClientShard all(LabeledDataset d, int id) {
    int[] idx = new int[d.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return ClientShard.of(id, d, idx);
  }

  /** The source as a dataset. */
  LabeledDataset sourceDataset() {
    return dataset(sourceName, source);
  }

  /** The target tasks. */
  List<TargetTask> tasks() {
    List<TargetTask> out = new ArrayList<>();
    for (int t = 0; t < taskNames.length; t++) {
      out.add(new TargetTask(taskNames[t], dataset(taskNames[t] + "-train", taskTrain[t]),
          dataset(taskNames[t] + "-test", taskTest[t])));
    }
    return out;
  }

  /** A dataset view of a shard, sharing its arrays (read only: the broadcast value is shared by tasks). */
  private LabeledDataset dataset(String name, ClientShard s) {
    return LabeledDataset.of(name, shape.clone(), s.features(), s.labels(), s.numClasses());
  }
}
