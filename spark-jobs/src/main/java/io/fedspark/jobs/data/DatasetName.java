package io.fedspark.jobs.data;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.math.Choice;

/**
 * What a job's {@code <job>.dataset} key names: one of the bundled datasets (presets, fetched and
 * checked, then read like any table) or {@code table}, the user's table described under
 * {@code data.source}.
 */
public enum DatasetName implements Choice {
  /** MNIST handwritten digits (IDX files, 60,000 training and 10,000 test images of 28 x 28). */
  MNIST(DatasetId.MNIST),
  /** Fashion-MNIST (IDX files, the same sizes as MNIST). */
  FASHION_MNIST(DatasetId.FASHION_MNIST),
  /** UCI optical digits (CSV, 5,620 images of 8 x 8, a seeded 20% held out as test data). */
  DIGITS(DatasetId.DIGITS),
  /** The table under {@code data.source}. */
  TABLE(null);

  private final DatasetId preset;

  DatasetName(DatasetId preset) {
    this.preset = preset;
  }

  /** The bundled dataset, or null for {@link #TABLE}. */
  public DatasetId preset() {
    return preset;
  }
}
