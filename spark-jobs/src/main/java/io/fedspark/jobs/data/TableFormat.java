package io.fedspark.jobs.data;

import io.fedspark.math.Choice;

/** The formats a table can be read in ({@code data.source.format}). */
public enum TableFormat implements Choice {
  /** Apache Parquet (Spark's reader). */
  PARQUET,
  /** Comma-separated values (Spark's reader; options such as {@code header}, {@code inferSchema}). */
  CSV,
  /** JSON lines (Spark's reader). */
  JSON,
  /** Apache ORC (Spark's reader). */
  ORC,
  /** LIBSVM text, sparse features (Spark MLlib's reader: columns {@code label} and {@code features}). */
  LIBSVM,
  /**
   * IDX image and label files (MNIST's format, plain or gzipped): {@code path} names the images
   * file; its labels file is the same name with {@code images-idx3} as {@code labels-idx1}. Read
   * by fedspark's reader in record ranges on the executors; columns {@code id} (the record number),
   * {@code features} (pixels / 255) and {@code label}.
   */
  IDX;

  /** The name Spark's {@code DataFrameReader.format} takes. */
  String sparkName() {
    return configName();
  }
}
