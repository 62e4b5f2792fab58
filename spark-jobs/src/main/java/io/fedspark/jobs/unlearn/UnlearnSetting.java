package io.fedspark.jobs.unlearn;

/** What {@code fedspark unlearn} forgets ({@code unlearn.setting}). */
public enum UnlearnSetting {
  /** Examples of one centrally trained model ({@link UnlearnJob}). */
  CENTRALIZED,
  /** Whole clients of a FedAvg run ({@link ClientAuditJob}). */
  FEDERATED
}
