package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.train.TrainJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimators run the command line's code path: {@code fedspark train} on a Parquet table (with
 * a separate test table) and {@link NeuralNetClassifier#fit} on the same training table with the
 * same settings give bit-identical parameters, and so do {@code fedspark federate} with a natural
 * partition and {@link FederatedClassifier#fit}; the model each run writes to {@code model/}
 * holds those parameters and the label map.
 */
@SparkTest
class CliEquivalenceTest {
  @TempDir static Path tables;
  @TempDir Path runs;

  @BeforeAll
  static void writeTables(SparkSession spark) {
    DigitsTables.write(spark, tables);
  }

  private List<String> sets(String job, String run, String... more) {
    List<String> o = new ArrayList<>(List.of(job + ".dataset=table", job + ".model=\"mlp:64-32-10\"",
        "data.source.path=\"" + tables.resolve("train") + "\"",
        "data.source.test.path=\"" + tables.resolve("test") + "\"",
        "data.source.feature-scale=0.0625", "run.seed=7", "run.dir=\"" + runs.resolve(run) + "\""));
    o.addAll(List.of(more));
    return o;
  }

  @Test
  void neuralNetClassifierFitsTheParametersOfTheTrainJob(SparkSession spark) {
    List<String> o = sets("train", "cli-train", "train.partitions=3", "train.epochs=2", "train.batch-size=16",
        "train.local-steps=5", "train.optimizer.learning-rate=0.1");
    TrainJob.Result cli = TrainJob.run(new JobContext("train", o, ConfigLoader.withShippedDefaults().load(null, o)),
        null);

    Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
    NeuralNetClassificationModel fitted = new NeuralNetClassifier().setModel("mlp:64-32-10").setSeed(7)
        .setPartitions(3).setEpochs(2).setBatchSize(16).setLocalSteps(5).setOptimizerLearningRate(0.1)
        .setFeatureScale(0.0625).fit(train);

    assertArrayEquals(cli.parameters(), fitted.parameters(), 0f, "CLI train and NeuralNetClassifier.fit");
    List<String> sorted = new ArrayList<>(Arrays.asList(io.fedspark.jobs.testing.ExampleTables.WORDS));
    sorted.sort(null);
    assertEquals(sorted, List.of(fitted.labels()), "string labels indexed in sorted order");

    NeuralNetClassificationModel saved = NeuralNetClassificationModel.load(runs.resolve("cli-train/model").toString());
    assertArrayEquals(cli.parameters(), saved.parameters(), 0f, "the run's model/ holds its parameters");
    assertEquals(List.of(fitted.labels()), List.of(saved.labels()));
    assertEquals(0.0625, saved.getFeatureScale(), 0.0);
    assertTrue(saved.provenance().contains("\"command\" : \"train\""), saved.provenance());
  }

  @Test
  void federatedClassifierFitsTheParametersOfTheFederateJob(SparkSession spark) {
    List<String> o = sets("federate", "cli-federate", "federate.partition.scheme=natural", "data.source.client=writer",
        "federate.partition.min-examples=10", "federate.rounds=3", "federate.clients-per-round=5",
        "federate.client.local-epochs=2", "federate.client.batch-size=10", "federate.client.learning-rate=0.1",
        "federate.spark-partitions=4");
    FederateJob.Result cli = FederateJob.run(
        new JobContext("federate", o, ConfigLoader.withShippedDefaults().load(null, o)), null);

    Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
    NeuralNetClassificationModel fitted = new FederatedClassifier().setModel("mlp:64-32-10").setSeed(7)
        .setClientCol("writer").setPartitionScheme("natural").setPartitionMinExamples(10).setRounds(3)
        .setClientsPerRound(5).setClientLocalEpochs(2).setClientBatchSize(10).setClientLearningRate(0.1)
        .setFeatureScale(0.0625).fit(train);

    assertArrayEquals(cli.state().global(), fitted.parameters(), 0f, "CLI federate and FederatedClassifier.fit");
    float[] other = new FederatedClassifier().setModel("mlp:64-32-10").setSeed(8).setClientCol("writer")
        .setPartitionScheme("natural").setPartitionMinExamples(10).setRounds(3).setClientsPerRound(5)
        .setClientLocalEpochs(2).setClientBatchSize(10).setClientLearningRate(0.1).setFeatureScale(0.0625).fit(train)
        .parameters();
    assertFalse(Arrays.equals(other, fitted.parameters()), "another seed gives another model");
    NeuralNetClassificationModel saved =
        NeuralNetClassificationModel.load(runs.resolve("cli-federate/model").toString());
    assertArrayEquals(cli.state().global(), saved.parameters(), 0f, "the run's model/ holds its parameters");
  }
}
