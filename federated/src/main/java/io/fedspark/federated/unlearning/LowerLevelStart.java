package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/** Where the lower level of {@link WorstCaseForgetSetSearch} starts in every selection epoch. */
public enum LowerLevelStart implements Choice {
  /** From the original model: the unlearning method being stressed is fine-tuning. */
  FINE_TUNE,
  /**
   * From a fresh initialisation ({@code seed.derive("lower-init", epoch)}): the method is
   * retraining.
   */
  RETRAIN;
}
