package io.fedspark.federated.train;

import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerState;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one data partition keeps for itself between synchronisations when its updates are
 * compressed ({@code train.compression}): the error-feedback residual (what compression has not
 * sent yet, {@link io.fedspark.federated.compress.ErrorFeedback}) and, in local SGD, its own optimizer
 * state (momentum or moment buffers and step count), which is not exchanged either, as in Deep
 * Gradient Compression's local momentum (Lin et al., 2018). In sync-gradient mode the residual is
 * of the partition's gradients and there is no optimizer state (one optimizer steps the reduced
 * gradient, as without compression). It belongs to the partition, not to an executor
 * or task, so the model does not depend on how partitions are placed; the driver carries it in the
 * {@link TrainState} between epochs and in checkpoints. A final class, not a record, for Kryo 4
 * (see {@link TrainState}).
 */
public final class PartitionMemory implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partition;
  private final float[] residual;
  private final String[] stateNames;
  private final float[][] stateArrays;
  private final long step;

  /**
   * @param partition the data partition (its shard id)
   * @param residual the error-feedback residual (one value per parameter)
   * @param stateNames the optimizer's state array names
   * @param stateArrays the arrays, in the order of {@code stateNames}
   * @param step the optimizer's step count
   */
  public PartitionMemory(int partition, float[] residual, String[] stateNames, float[][] stateArrays, long step) {
    if (stateNames.length != stateArrays.length) {
      throw new IllegalArgumentException("partition " + partition + "'s memory: " + stateNames.length
          + " optimizer state names but " + stateArrays.length + " arrays");
    }
    this.partition = partition;
    this.residual = residual;
    this.stateNames = stateNames;
    this.stateArrays = stateArrays;
    this.step = step;
  }

  /** The memory of a partition that has not synchronised yet: a zero residual, no optimizer state. */
  public static PartitionMemory fresh(int partition, int parameters) {
    return new PartitionMemory(partition, new float[parameters], new String[0], new float[0][], 0);
  }

  public int partition() {
    return partition;
  }

  public float[] residual() {
    return residual;
  }

  public String[] stateNames() {
    return stateNames;
  }

  public float[][] stateArrays() {
    return stateArrays;
  }

  public long step() {
    return step;
  }

  /** Restores the partition's optimizer state into a fresh optimizer (nothing before its first step). */
  public void restoreInto(Optimizer opt) {
    if (stateNames.length == 0 && step == 0) {
      return;
    }
    Map<String, float[]> arrays = new TreeMap<>();
    for (int i = 0; i < stateNames.length; i++) {
      arrays.put(stateNames[i], stateArrays[i].clone());
    }
    OptimizerState fresh = opt.saveState();
    opt.restore(new OptimizerState(fresh.kind(), step, fresh.hyperparameters(), fresh.schedule(), arrays));
  }
}
