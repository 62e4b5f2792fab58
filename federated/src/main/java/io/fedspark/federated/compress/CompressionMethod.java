package io.fedspark.federated.compress;

import io.fedspark.math.Choice;

/** Which compression the partitions' updates go through before the exchange ({@code train.compression.method}). */
public enum CompressionMethod implements Choice {
  /** Every update is sent whole (dense floats): the exchange as without compression. */
  NONE,
  /** The largest-magnitude fraction of the coordinates, with error feedback ({@link TopK}). */
  TOP_K,
  /** Coordinates with |v| >= tau sent as sign(v) * tau, with error feedback ({@link ThresholdEncoding}). */
  THRESHOLD
}
