package io.fedspark.jobs.train;

import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.BatchResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerState;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;

/**
 * The executor side of one synchronisation, holding only plain values so the Spark closure is
 * small. Local SGD (Stich 2019, "Local SGD Converges Fast and Communicates Little"): from the
 * broadcast parameters and optimizer state, run batches [from, to) of the partition's epoch order,
 * return parameters and state. Synchronous SGD: the gradient of the partition's share of one
 * global batch (weighted by its example count, so the weighted mean is the global batch gradient).
 */
final class PartitionStepper implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelSpec;
  private final OptimizerSpec optimizer;
  private final String backend;
  private final int blasThreads;
  private final long rootSeed;
  private final FaultInjection faults;

  PartitionStepper(String modelSpec, OptimizerSpec optimizer, MathBackend backend, int blasThreads, long rootSeed, FaultInjection faults) {
    this.modelSpec = modelSpec;
    this.optimizer = optimizer;
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    this.rootSeed = rootSeed;
    this.faults = faults;
  }

  private void enter(int sync) {
    MathRuntime.configure(MathBackend.valueOf(backend), blasThreads);
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      faults.maybeFail(sync, tc.partitionId(), tc.attemptNumber());
    }
  }

  /** Local SGD over batches [firstBatch, firstBatch + count) of each shard's epoch order. */
  Iterator<StepAccumulator> localSteps(Iterator<ClientShard> shards, TrainBroadcast start, int epoch, int batchSize,
      int firstBatch, int count, int sync) {
    enter(sync);
    ModelSpec spec = ModelSpec.parse(modelSpec);
    StepAccumulator acc = new StepAccumulator();
    while (shards.hasNext()) {
      ClientShard s = shards.next();
      Model model = Model.fromParameters(spec, start.params);
      Optimizer opt = optimizer.create();
      if (start.stateNames.length > 0 || start.step > 0) {
        Map<String, float[]> arrays = new TreeMap<>();
        for (int i = 0; i < start.stateNames.length; i++) {
          arrays.put(start.stateNames[i], start.stateArrays[i]);
        }
        OptimizerState fresh = opt.saveState();
        opt.restore(new OptimizerState(fresh.kind(), start.step, fresh.hyperparameters(), fresh.schedule(), arrays));
      }
      PartitionBatches batches = new PartitionBatches(s, rootSeed, epoch, batchSize);
      float[] p = model.parameters();
      float[] grad = new float[p.length];
      float[] bx = new float[batchSize * s.featureCount()];
      int[] by = new int[batchSize];
      double lossSum = 0;
      long seen = 0;
      long correct = 0;
      int last = Math.min(batches.count(), firstBatch + count);
      for (int b = firstBatch; b < last; b++) {
        int m = batches.fill(s, b, bx, by);
        int[] labels = m == batchSize ? by : java.util.Arrays.copyOf(by, m);
        BatchResult r = model.lossAndGradient(FloatMatrix.wrap(bx, 0, m, s.featureCount()), labels, null, grad);
        lossSum += r.loss() * m;
        seen += m;
        correct += r.correct();
        opt.step(p, grad);
      }
      OptimizerState end = opt.saveState();
      String[] names = end.arrayNames().toArray(new String[0]);
      float[][] arrays = new float[names.length][];
      for (int i = 0; i < names.length; i++) {
        arrays[i] = end.array(names[i]);
      }
      acc.add(p, Math.max(1, seen), names, arrays, end.step(), lossSum, seen, correct);
    }
    return List.of(acc).iterator();
  }

  /** The gradient of each shard's batch {@code batch} (of size {@code partBatch}). */
  Iterator<StepAccumulator> gradient(Iterator<ClientShard> shards, float[] params, int epoch, int partBatchTotal,
      int partitions, int batch, int sync) {
    enter(sync);
    ModelSpec spec = ModelSpec.parse(modelSpec);
    StepAccumulator acc = new StepAccumulator();
    while (shards.hasNext()) {
      ClientShard s = shards.next();
      int size = share(partBatchTotal, partitions, s.clientId());
      PartitionBatches batches = new PartitionBatches(s, rootSeed, epoch, size);
      Model model = Model.fromParameters(spec, params);
      float[] grad = new float[params.length];
      float[] bx = new float[size * s.featureCount()];
      int[] by = new int[size];
      int m = batches.fill(s, batch, bx, by);
      int[] labels = m == size ? by : java.util.Arrays.copyOf(by, m);
      BatchResult r = model.lossAndGradient(FloatMatrix.wrap(bx, 0, m, s.featureCount()), labels, null, grad);
      acc.add(grad, m, new String[0], new float[0][], 0, r.loss() * m, m, r.correct());
    }
    return List.of(acc).iterator();
  }

  /** Partition p's share of a global batch of {@code total} split over {@code parts}. */
  static int share(int total, int parts, int p) {
    return (int) ((long) total * (p + 1) / parts - (long) total * p / parts);
  }
}
