package io.fedspark.federated.train;

import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerState;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every partition starts a synchronisation from: the parameters and, for local SGD, the
 * averaged optimizer state (its array names, arrays and step count). Broadcast as is: a final
 * class, not a record, since Kryo 4 (Spark's) cannot serialise records in a session without
 * fedspark's registrator (the Spark ML estimators run in users' sessions).
 */
public final class TrainState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] params;
  private final String[] stateNames;
  private final float[][] stateArrays;
  private final long step;
  private final PartitionMemory[] memories;

  /**
   * A state without partition memories (no compression).
   *
   * @param params the model's parameters
   * @param stateNames the optimizer's state array names (empty for stateless SGD or sync-gradient)
   * @param stateArrays the arrays, in the order of {@code stateNames}
   * @param step the optimizer's step count
   */
  public TrainState(float[] params, String[] stateNames, float[][] stateArrays, long step) {
    this(params, stateNames, stateArrays, step, new PartitionMemory[0]);
  }

  /**
   * @param memories what each partition keeps for itself under compression ({@link PartitionMemory}),
   *     in partition order; empty without compression or before the first synchronisation
   */
  public TrainState(float[] params, String[] stateNames, float[][] stateArrays, long step,
      PartitionMemory[] memories) {
    this.params = params;
    this.stateNames = stateNames;
    this.stateArrays = stateArrays;
    this.step = step;
    this.memories = memories;
  }

  public float[] params() {
    return params;
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

  /** The partitions' memories under compression, in partition order (empty without). */
  public PartitionMemory[] memories() {
    return memories;
  }

  /** Partition {@code p}'s memory, or null if it has none yet. */
  public PartitionMemory memory(int p) {
    for (PartitionMemory m : memories) {
      if (m.partition() == p) {
        return m;
      }
    }
    return null;
  }

  /** This state with {@code updated} replacing the memories of their partitions (the result in partition order). */
  public TrainState withMemories(java.util.Collection<PartitionMemory> updated) {
    Map<Integer, PartitionMemory> all = new TreeMap<>();
    for (PartitionMemory m : memories) {
      all.put(m.partition(), m);
    }
    for (PartitionMemory m : updated) {
      all.put(m.partition(), m);
    }
    return new TrainState(params, stateNames, stateArrays, step, all.values().toArray(new PartitionMemory[0]));
  }

  /**
   * The state a compressed synchronisation of local SGD reduced to: these parameters plus the
   * example-weighted mean of the partitions' compressed updates, no shared optimizer state (each
   * partition keeps its own), and the partitions' memories replaced by the ones {@code acc} carries.
   */
  public TrainState advancedBy(StepAccumulator acc) {
    float[] mean = acc.meanVector();
    if (mean.length != params.length) {
      throw new IllegalStateException("a compressed update of " + mean.length + " values for " + params.length
          + " parameters");
    }
    float[] next = new float[params.length];
    for (int i = 0; i < next.length; i++) {
      next[i] = params[i] + mean[i];
    }
    return new TrainState(next, new String[0], new float[0][], acc.step(), memories).withMemories(acc.kept());
  }

  /** The state before any step: {@code params} and no optimizer state. */
  public static TrainState initial(float[] params) {
    return new TrainState(params, new String[0], new float[0][], 0);
  }

  /** The state a synchronisation of local SGD reduced to: the example-weighted means. */
  public static TrainState of(StepAccumulator acc) {
    return new TrainState(acc.meanVector(), acc.stateNames(), acc.meanStates(), acc.step());
  }

  /** {@code params} with {@code opt}'s saved state. */
  public static TrainState of(float[] params, Optimizer opt) {
    OptimizerState st = opt.saveState();
    String[] names = st.arrayNames().toArray(new String[0]);
    float[][] arrays = new float[names.length][];
    for (int i = 0; i < names.length; i++) {
      arrays[i] = st.array(names[i]);
    }
    return new TrainState(params, names, arrays, st.step());
  }

  /** Restores this state's step and arrays into a fresh optimizer (nothing to do before the first step). */
  public void restoreInto(Optimizer opt) {
    if (stateNames.length == 0 && step == 0) {
      return;
    }
    Map<String, float[]> arrays = new TreeMap<>();
    for (int i = 0; i < stateNames.length; i++) {
      arrays.put(stateNames[i], stateArrays[i]);
    }
    OptimizerState fresh = opt.saveState();
    opt.restore(new OptimizerState(fresh.kind(), step, fresh.hyperparameters(), fresh.schedule(), arrays));
  }
}
