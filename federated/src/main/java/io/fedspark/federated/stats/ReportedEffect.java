package io.fedspark.federated.stats;

import io.fedspark.math.Choice;

/**
 * What a paper reports for a comparison {@code treatment - control} (e.g. curriculum - random,
 * worst-case - random, KRR-ST - random subset), the claim a {@link Verdict} is about.
 */
public enum ReportedEffect implements Choice {
  /** The treatment scores higher. */
  INCREASE,
  /** The treatment scores lower. */
  DECREASE,
  /** No difference (within an equivalence margin the reader chooses). */
  NO_DIFFERENCE;

  /** The sign of the reported difference: +1, -1, or 0 for NO_DIFFERENCE. */
  public int sign() {
    return switch (this) {
      case INCREASE -> 1;
      case DECREASE -> -1;
      case NO_DIFFERENCE -> 0;
    };
  }
}
