package io.fedspark.jobs.bench;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.jobs.data.TableLoader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The training and test tables of a bundled dataset with its own test table (MNIST, Fashion-MNIST)
 * as the DataFrames a Spark ML user has: read through the data plane ({@link DataPlane#source},
 * {@link TableLoader#readColumns}: the IDX reader, pixels scaled to [0, 1]), then {@code features}
 * as an ML vector ({@code array_to_vector}) and {@code label} as a double, cached in memory and
 * counted, so that no measured fit or scoring pass includes reading the files.
 *
 * @param train the training rows ({@code features}, {@code label}), in the reader's partitions
 * @param test the test rows, in {@code testPartitions} partitions of about equal size
 * @param trainRows rows of {@code train}
 * @param testRows rows of {@code test}
 */
record VectorFrames(Dataset<Row> train, Dataset<Row> test, long trainRows, long testRows) {

  /**
   * Reads {@code name} for {@code job}; {@code trainLimit > 0} keeps only the first rows of the
   * training table (tests).
   */
  static VectorFrames read(JobRun job, DatasetName name, String datasetKey, int testPartitions, int trainLimit) {
    DataSourceOptions src = DataPlane.source(job, name, datasetKey);
    if (src.testPath().isEmpty() || src.features().size() != 1) {
      throw InvalidConfigException.of(datasetKey, name.configName(), "a bundled dataset with its own test table"
          + " (mnist | fashion-mnist): bench api compares test accuracies on the same test rows", null);
    }
    Dataset<Row> train = ml(TableLoader.readColumns(job, src), src);
    if (trainLimit > 0) {
      train = train.limit(trainLimit);
    }
    Dataset<Row> test = ml(TableLoader.readColumns(job, src.withPath(src.testPath())), src).repartition(testPartitions);
    train = train.persist(StorageLevel.MEMORY_ONLY());
    test = test.persist(StorageLevel.MEMORY_ONLY());
    return new VectorFrames(train, test, train.count(), test.count());
  }

  /** The features column as a vector named {@code features}, the label as a double named {@code label}. */
  private static Dataset<Row> ml(Dataset<Row> table, DataSourceOptions src) {
    Column features = org.apache.spark.ml.functions.array_to_vector(functions.col(src.features().get(0)));
    if (src.featureScale() != 1.0) {
      throw new IllegalStateException("bench api: the bundled table has feature scale " + src.featureScale()
          + ", expected features stored in [0, 1] (scale 1)");
    }
    return table.select(features.as("features"), functions.col(src.label()).cast("double").as("label"));
  }

  /** Drops both tables from the cache. */
  void release() {
    train.unpersist(false);
    test.unpersist(false);
  }
}
