package io.fedspark.federated.train;

import io.fedspark.math.Choice;

/** The metric early stopping watches ({@code train.early-stopping.metric}). */
public enum StopMetric implements Choice {
  /** Test accuracy, higher is better. */
  ACCURACY,
  /** Test loss, lower is better. */
  LOSS
}
