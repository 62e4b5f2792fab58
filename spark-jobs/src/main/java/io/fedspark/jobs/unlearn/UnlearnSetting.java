package io.fedspark.jobs.unlearn;

import io.fedspark.math.Choice;

/** What {@code fedspark unlearn} forgets ({@code unlearn.setting}). */
public enum UnlearnSetting implements Choice {
  /** Examples of one centrally trained model ({@link UnlearnJob}). */
  CENTRALIZED,
  /** Whole clients of a FedAvg run ({@link ClientAuditJob}). */
  FEDERATED
}
