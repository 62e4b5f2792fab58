package io.fedspark.ml;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * A user's program in a fresh JVM with a plain session (no fedspark settings: Java serialisation):
 * loads a saved {@code PipelineModel} and writes its predictions for a Parquet table.
 *
 * <p>Usage: {@code PipelineReload MODEL_DIR TABLE OUT}: writes {@code id}, {@code probability},
 * {@code rawPrediction} and {@code prediction} of every row of TABLE as Parquet to OUT.
 */
public final class PipelineReload {
  private PipelineReload() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("pipeline-reload")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      PipelineModel model = PipelineModel.load(args[0]);
      model.transform(spark.read().parquet(args[1])).select("id", "rawPrediction", "probability", "prediction")
          .write().parquet(args[2]);
    } finally {
      spark.stop();
    }
  }
}
