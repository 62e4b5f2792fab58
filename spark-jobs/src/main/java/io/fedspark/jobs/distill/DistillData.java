package io.fedspark.jobs.distill;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.TargetTask;
import io.fedspark.jobs.data.StagedTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the distillation runs and evaluation cells of {@code fedspark distill} find their data:
 * the staged source table (its training split, the first {@code sourceLimit} examples when set)
 * and each target task's staged table, its few-label fraction and seed. Each task reads the staged
 * files on its executor ({@link StagedTable}); this description is all that travels.
 *
 * @param sourceLimit the source examples used (0: all)
 * @param taskData per task, its staged table
 * @param taskNames per task, its name
 * @param fractions per task, the labelled fraction of its training split
 * @param taskSeeds per task, the seed of its labelled subset
 * @param testLimit the test examples per task (0: all)
 */
public record DistillData(StagedTable source, int sourceLimit, StagedTable[] taskData, String[] taskNames,
    double[] fractions, long[] taskSeeds, int testLimit) implements java.io.Serializable {

  /** The number of source examples used. */
  int sourceSize() {
    return (int) (sourceLimit > 0 && sourceLimit < source.trainRows() ? sourceLimit : source.trainRows());
  }

  /** The source as a dataset, read on this executor. */
  LabeledDataset sourceDataset() {
    LabeledDataset all = source.train();
    return sourceLimit > 0 && sourceLimit < all.size() ? all.head(sourceLimit) : all;
  }

  /** The target tasks, read on this executor: each task's labelled subset and test examples. */
  List<TargetTask> tasks() {
    List<TargetTask> out = new ArrayList<>();
    for (int t = 0; t < taskNames.length; t++) {
      LabeledDataset test = taskData[t].test();
      if (testLimit > 0 && testLimit < test.size()) {
        test = test.head(testLimit);
      }
      out.add(TargetTask.fewLabels(taskNames[t], taskData[t].train(), fractions[t], test, taskSeeds[t]));
    }
    return out;
  }
}
