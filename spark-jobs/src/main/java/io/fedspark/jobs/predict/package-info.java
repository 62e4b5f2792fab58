/**
 * {@code fedspark predict MODEL DATA}: a saved model ({@link io.fedspark.ml.ModelDirectory}) scores
 * a table of the data plane on the executors; predictions as Parquet and, when the table has
 * labels, accuracy, loss and per-class figures.
 */
package io.fedspark.jobs.predict;
