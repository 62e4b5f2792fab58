package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A natural partition of 100,000 clients (plus 7 with too few examples, left out and reported)
 * from a Parquet table's client column: shards built and the skew report computed on the
 * executors, a federated round run over them.
 */
@SparkTest
class NaturalPartitionScaleTest {
  @TempDir Path dir;

  @Test
  void aHundredThousandClientsFromAClientColumn(SparkSession spark) throws Exception {
    String table = dir.resolve("users").toString();
    // 300,000 rows of 3 per user, and 7 users with one row each (below min-examples = 2)
    spark.range(300_007).select(
        functions.array(functions.rand(1).cast("float"), functions.rand(2).cast("float"), functions.rand(3).cast("float"),
            functions.rand(4).cast("float")).as("x"),
        functions.col("id").mod(3).cast("int").as("y"),
        functions.when(functions.col("id").lt(300_000), functions.format_string("u%06d", functions.col("id").divide(3)
            .cast("long"))).otherwise(functions.format_string("solo%d", functions.col("id"))).as("user"),
        functions.lit("train").as("split"))
        .union(spark.range(3000).select(
            functions.array(functions.rand(5).cast("float"), functions.rand(6).cast("float"),
                functions.rand(7).cast("float"), functions.rand(8).cast("float")).as("x"),
            functions.col("id").mod(3).cast("int").as("y"), functions.lit("u000000").as("user"),
            functions.lit("test").as("split")))
        .repartition(6).write().parquet(table);
    List<String> o = new ArrayList<>(List.of("federate.dataset=table", "federate.model=\"logreg:4-3\"",
        "federate.rounds=2", "federate.clients-per-round=50", "federate.partition.scheme=natural",
        "federate.partition.min-examples=2", "federate.client.local-epochs=1", "federate.spark-partitions=16",
        "data.source.format=parquet", "data.source.path=\"" + table + "\"", "data.source.features=x",
        "data.source.label=y", "data.source.client=user", "data.source.test.split-column=split",
        "run.dir=\"" + dir.resolve("run") + "\""));
    var r = FederateJob.run(new JobContext("federate", o, ConfigLoader.withShippedDefaults().load(null, o)), null);
    assertEquals(2, r.state().history().size());
    JsonNode clients = new ObjectMapper().readTree(dir.resolve("run/provenance.json").toFile())
        .path("results").path("naturalClients");
    assertEquals(100_000, clients.path("clients").asInt());
    assertEquals(7, clients.path("droppedClients").asInt());
    assertEquals(7, clients.path("droppedExamples").asInt());
    List<String> skew = Files.readAllLines(dir.resolve("run/skew-report.csv"));
    assertEquals(100_001, skew.size(), "one row per client after the header");
    assertTrue(r.state().history().get(1).cohort().length == 50);
  }
}
