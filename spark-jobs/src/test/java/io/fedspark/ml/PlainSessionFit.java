package io.fedspark.ml;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A user's program with a plain session, none of fedspark's Spark settings: Java serialisation, or
 * Kryo without fedspark's registrator. Fits both estimators on a Parquet table (the federated one
 * with a natural partition and an EXPERT-scored curriculum, so client updates, training states and
 * scores all travel through Spark), scores the table and saves both models.
 *
 * <p>Usage: {@code PlainSessionFit java|kryo TRAIN_TABLE OUT_DIR}: writes {@code OUT_DIR/nn},
 * {@code OUT_DIR/fed} (the models) and {@code OUT_DIR/scores} (the federated model's scores).
 */
public final class PlainSessionFit {
  private PlainSessionFit() {}

  public static void main(String[] args) throws java.io.IOException {
    SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("plain-" + args[0])
        .config("spark.ui.enabled", "false");
    if (args[0].equals("kryo")) {
      b.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    }
    SparkSession spark = b.getOrCreate();
    try {
      System.out.println("serializer " + spark.sparkContext().getConf().get("spark.serializer", "java"));
      Dataset<Row> train = spark.read().parquet(args[1]);
      NeuralNetClassificationModel nn = estimator().fit(train);
      nn.write().save(args[2] + "/nn");
      NeuralNetClassificationModel fed = federated().fit(train);
      fed.write().save(args[2] + "/fed");
      fed.transform(train).select("id", "probability", "prediction").write().parquet(args[2] + "/scores");
    } finally {
      spark.stop();
    }
  }

  /** The data-parallel estimator of the test. */
  static NeuralNetClassifier estimator() {
    return new NeuralNetClassifier().setModel("mlp:64-32-10").setFeatureScale(0.0625).setPartitions(3).setEpochs(2)
        .setOptimizerKind("adam").setOptimizerLearningRate(0.01).setLocalSteps(5).setSeed(11);
  }

  /** The federated estimator of the test. */
  static FederatedClassifier federated() {
    return new FederatedClassifier().setModel("mlp:64-32-10").setFeatureScale(0.0625).setClientCol("writer")
        .setPartitionScheme("natural").setRounds(3).setClientsPerRound(5).setCurriculumEnabled(true)
        .setSetting("federate.curriculum.scoring-model", "expert").setSetting("federate.curriculum.expert.epochs", 1)
        .setSeed(11);
  }
}
