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

  /**
   * @param params the model's parameters
   * @param stateNames the optimizer's state array names (empty for stateless SGD or sync-gradient)
   * @param stateArrays the arrays, in the order of {@code stateNames}
   * @param step the optimizer's step count
   */
  public TrainState(float[] params, String[] stateNames, float[][] stateArrays, long step) {
    this.params = params;
    this.stateNames = stateNames;
    this.stateArrays = stateArrays;
    this.step = step;
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
