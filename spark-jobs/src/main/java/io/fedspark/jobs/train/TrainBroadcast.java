package io.fedspark.jobs.train;

import java.io.Serializable;

/**
 * What the driver broadcasts before a synchronisation: the parameters and, for local SGD, the
 * averaged optimizer state (names, arrays, step count).
 */
public final class TrainBroadcast implements Serializable {
  private static final long serialVersionUID = 1L;

  float[] params;
  String[] stateNames;
  float[][] stateArrays;
  long step;

  @SuppressWarnings("unused")
  private TrainBroadcast() {}

  TrainBroadcast(float[] params, String[] stateNames, float[][] stateArrays, long step) {
    this.params = params;
    this.stateNames = stateNames;
    this.stateArrays = stateArrays;
    this.step = step;
  }
}
