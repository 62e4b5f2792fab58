package io.fedspark.federated.train;

import io.fedspark.federated.engine.DivergenceException;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.compress.CompressionOptions;
import io.fedspark.federated.compress.ErrorFeedback;
import io.fedspark.federated.compress.UpdateCompressor;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.BatchResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The executor side of one synchronisation, holding only plain values so the Spark closure is
 * small. Local SGD (Stich 2019, "Local SGD Converges Fast and Communicates Little"): from the
 * broadcast parameters and optimizer state, run batches [from, to) of the partition's epoch order,
 * return parameters and state. Synchronous SGD: the gradient of the partition's share of one
 * global batch (weighted by its example count, so the weighted mean is the global batch gradient).
 * Under compression ({@code train.compression}) either contribution, local SGD's parameter update
 * or sync-gradient's gradient, goes through {@link ErrorFeedback} with the partition's residual
 * ({@link PartitionMemory}), by the same private method.
 */
public final class PartitionStep implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelSpec;
  private final OptimizerSpec optimizer;
  private final String backend;
  private final int blasThreads;
  private final long rootSeed;
  private final FaultInjection faults;
  private final CompressionOptions compression;

  /** A step without update compression. */
  public PartitionStep(String modelSpec, OptimizerSpec optimizer, MathBackend backend, int blasThreads, long rootSeed,
      FaultInjection faults) {
    this(modelSpec, optimizer, backend, blasThreads, rootSeed, faults, CompressionOptions.none());
  }

  /**
   * @param faults the test hook that fails chosen task attempts (see {@link #enter})
   * @param compression how the partitions' contributions (local SGD's parameter updates, sync-gradient's
   *     gradients) are compressed before the exchange
   */
  public PartitionStep(String modelSpec, OptimizerSpec optimizer, MathBackend backend, int blasThreads, long rootSeed,
      FaultInjection faults, CompressionOptions compression) {
    this.compression = compression;
    this.modelSpec = modelSpec;
    this.optimizer = optimizer;
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    this.rootSeed = rootSeed;
    this.faults = faults;
  }

  /** Configures this JVM's math backend and lets the fault hook fail this attempt of a task. */
  private void enter(int sync, TaskAttempt attempt) {
    MathRuntime.configure(MathBackend.valueOf(backend), blasThreads);
    if (attempt != null) {
      faults.maybeFail(sync, attempt.partition(), attempt.attempt());
    }
  }

  /**
   * Local SGD over batches [firstBatch, firstBatch + count) of each shard's epoch order, reduced.
   *
   * @param attempt the task attempt running this (null outside Spark: no fault hook)
   */
  public StepAccumulator localSteps(Iterator<ClientShard> shards, TrainState start, int epoch, int batchSize,
      int firstBatch, int count, int sync, TaskAttempt attempt) {
    return reduce(localContributions(shards, start, epoch, batchSize, firstBatch, count, sync, attempt));
  }

  /**
   * {@link #localSteps}, each shard's contribution apart (in the iterator's order). Under
   * compression a shard starts from its own optimizer state ({@link PartitionMemory}, in
   * {@code start}), and contributes its compressed update {@code C(p_end - p_start + residual)}
   * ({@link ErrorFeedback}) instead of its parameters and state, keeping the new residual and its
   * optimizer state.
   */
  public List<StepContribution> localContributions(Iterator<ClientShard> shards, TrainState start, int epoch,
      int batchSize, int firstBatch, int count, int sync, TaskAttempt attempt) {
    enter(sync, attempt);
    ModelSpec spec = ModelSpec.parse(modelSpec);
    List<StepContribution> out = new ArrayList<>();
    while (shards.hasNext()) {
      ClientShard s = shards.next();
      Model model = Model.fromParameters(spec, start.params());
      Optimizer opt = optimizer.create();
      PartitionMemory memory = compression.enabled() ? start.memory(s.clientId()) : null;
      if (memory != null) {
        memory.restoreInto(opt);
      } else {
        start.restoreInto(opt);
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
        BatchResult r = model.lossAndGradient(FloatMatrix.wrap(bx, 0, m, s.featureCount()), labels,
            batches.weights(s, b), grad);
        lossSum += r.loss() * m;
        seen += m;
        correct += r.correct();
        opt.step(p, grad);
      }
      TrainState end = TrainState.of(p, opt);
      DivergenceException.check("epoch " + epoch + ": partition " + s.clientId() + "'s update", p, Math.max(1, seen),
          OptimizerSpec.LEARNING_RATE.key());
      out.add(compression.enabled() ? compressed(s.clientId(), start.params(), end, memory, Math.max(1, seen), lossSum,
          seen, correct)
          : new StepContribution(s.clientId(), p, Math.max(1, seen), end.stateNames(), end.stateArrays(), end.step(),
              lossSum, seen, correct));
    }
    return out;
  }

  /**
   * A shard's compressed contribution: its update {@code end - start} through error feedback with
   * the residual of {@code memory} (zero at its first synchronisation); it keeps the new residual
   * and its optimizer state.
   */
  private StepContribution compressed(int partition, float[] start, TrainState end, PartitionMemory memory,
      long weight, double lossSum, long seen, long correct) {
    float[] p = end.params();
    float[] update = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      update[i] = p[i] - start[i];
    }
    float[] residual = residual(memory, p.length);
    float[] sent = feedback(update, residual);
    PartitionMemory keep = new PartitionMemory(partition, residual, end.stateNames(), end.stateArrays(), end.step());
    return new StepContribution(partition, sent, weight, new String[0], new float[0][], end.step(), lossSum, seen,
        correct, keep);
  }

  /** A copy of {@code memory}'s residual to update, or zeros before the partition's first synchronisation. */
  private static float[] residual(PartitionMemory memory, int length) {
    return memory == null ? new float[length] : memory.residual().clone();
  }

  /**
   * What a partition sends of {@code vector} under compression: {@code C(vector + residual)}
   * ({@link ErrorFeedback}, {@code residual} updated in place to what is kept).
   */
  private float[] feedback(float[] vector, float[] residual) {
    return ErrorFeedback.apply(UpdateCompressor.of(compression), vector, residual);
  }

  /**
   * The gradient of each shard's share of global batch {@code batch}, reduced.
   *
   * @param attempt the task attempt running this (null outside Spark: no fault hook)
   */
  public StepAccumulator gradient(Iterator<ClientShard> shards, TrainState at, int epoch, int partBatchTotal,
      int partitions, int batch, int sync, TaskAttempt attempt) {
    return reduce(gradientContributions(shards, at, epoch, partBatchTotal, partitions, batch, sync, attempt));
  }

  /**
   * {@link #gradient}, each shard's contribution apart (in the iterator's order). Under compression
   * a shard contributes {@code C(g + residual)} ({@link ErrorFeedback}; Stich et al. 2018's memory for
   * top-k, Strom 2015's residual for threshold encoding) with the weight of its examples, and keeps
   * the new residual ({@link PartitionMemory} without optimizer state: sync-gradient's optimizer
   * steps the reduced gradient, unchanged). The residual is in gradient units, so
   * {@code train.compression.threshold.tau} is a gradient magnitude here.
   *
   * @param at the parameters and, under compression, the partitions' memories
   */
  public List<StepContribution> gradientContributions(Iterator<ClientShard> shards, TrainState at, int epoch,
      int partBatchTotal, int partitions, int batch, int sync, TaskAttempt attempt) {
    enter(sync, attempt);
    ModelSpec spec = ModelSpec.parse(modelSpec);
    float[] params = at.params();
    List<StepContribution> out = new ArrayList<>();
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
      BatchResult r = model.lossAndGradient(FloatMatrix.wrap(bx, 0, m, s.featureCount()), labels,
          batches.weights(s, batch), grad);
      DivergenceException.check("epoch " + epoch + ": partition " + s.clientId() + "'s gradient", grad, m,
          OptimizerSpec.LEARNING_RATE.key());
      if (compression.enabled()) {
        float[] residual = residual(at.memory(s.clientId()), grad.length);
        float[] sent = feedback(grad, residual);
        out.add(new StepContribution(s.clientId(), sent, m, new String[0], new float[0][], 0, r.loss() * m, m,
            r.correct(), new PartitionMemory(s.clientId(), residual, new String[0], new float[0][], 0)));
      } else {
        out.add(new StepContribution(s.clientId(), grad, m, new String[0], new float[0][], 0, r.loss() * m, m,
            r.correct()));
      }
    }
    return out;
  }

  /** One task's contributions in one accumulator (one partial loss sum, as a task folds them). */
  private static StepAccumulator reduce(List<StepContribution> parts) {
    StepAccumulator acc = new StepAccumulator();
    parts.forEach(acc::add);
    return acc;
  }

  /** Partition p's share of a global batch of {@code total} split over {@code parts}. */
  public static int share(int total, int parts, int p) {
    return (int) ((long) total * (p + 1) / parts - (long) total * p / parts);
  }
}
