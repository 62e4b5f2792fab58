package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.ExampleTables;
import io.fedspark.jobs.testing.SeparateJvm;
import io.fedspark.jobs.testing.SparkMaster;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import io.fedspark.jobs.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users' own tables, written by a separate Spark program ({@link ExampleTables}) from the real UCI
 * digits: a Parquet table (VectorAssembler features, string labels, a client column), a headered
 * CSV of numeric columns and a LibSVM file each train with {@code train} and {@code federate}; the
 * same rows in one file, in seven, or shuffled over three give bit-identical models. Each format
 * runs from its example config file ({@code conf/examples/digits-*.conf}, shown in docs/data.md).
 */
@SparkTest
@SparkMaster("local[2,4]")
class TableTrainingTest {
  @TempDir static Path tables;
  @TempDir Path runs;

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void writeTables() {
    Path digits = TestData.dir(DatasetId.DIGITS).resolve("digits.csv.gz");
    SeparateJvm.run(ExampleTables.class, digits.toString(), tables.toString());
  }

  /** The example config file {@code conf/examples/NAME.conf} of the repository, as users run it. */
  private static Path example(String name) {
    return Path.of("..", "conf", "examples", name + ".conf");
  }

  private record Source(Path conf, String path) {}

  private static Source parquet(String layout) {
    return new Source(example("digits-parquet"), tables.resolve(layout).toString());
  }

  private static Source csv() {
    return new Source(example("digits-csv"), tables.resolve("csv").toString());
  }

  private static Source libsvm() {
    return new Source(example("digits-libsvm"), tables.resolve("libsvm").toString());
  }

  private List<String> sets(String name, Source source, String... sets) {
    List<String> o = new ArrayList<>(List.of("data.source.path=\"" + source.path() + "\""));
    o.addAll(List.of(sets));
    o.add("run.dir=\"" + runs.resolve(name) + "\"");
    return o;
  }

  private TrainJob.Result train(String name, Source source, String... more) {
    List<String> o = sets(name, source, more);
    return TrainJob.run(new JobContext("train", o, ConfigLoader.withShippedDefaults().load(source.conf(), o)), null);
  }

  private FederateJob.Result federate(String name, Source source, String... more) {
    List<String> o = sets(name, source, more);
    return FederateJob.run(new JobContext("federate", o, ConfigLoader.withShippedDefaults().load(source.conf(), o)),
        null);
  }

  private JsonNode provenance(String name) throws Exception {
    return JSON.readTree(runs.resolve(name).resolve("provenance.json").toFile());
  }

  @Test
  void aParquetTableWithVectorsStringLabelsAndClientsTrainsAndFederatesNaturally() throws Exception {
    var t = train("parquet-train", parquet("parquet-one"));
    assertTrue(t.testAccuracy() > 0.85, "accuracy " + t.testAccuracy());
    JsonNode source = provenance("parquet-train").path("results").path("dataSource");
    List<String> sorted = new ArrayList<>(Arrays.asList(ExampleTables.WORDS));
    sorted.sort(null);
    List<String> labels = new ArrayList<>();
    source.path("labels").forEach(n -> labels.add(n.asText()));
    assertEquals(sorted, labels, "string labels are indexed in sorted order and recorded");
    long trainRows = source.path("trainRows").asLong();
    long testRows = source.path("testRows").asLong();
    assertEquals(1797, trainRows + testRows);
    assertTrue(testRows > 300 && testRows < 420, "a seeded 20% held out: " + testRows);

    var f = federate("parquet-federate", parquet("parquet-one"));
    assertEquals(30, provenance("parquet-federate").path("results").path("naturalClients").path("clients").asInt());
    List<String> skew = Files.readAllLines(runs.resolve("parquet-federate").resolve("skew-report.csv"));
    assertEquals(31, skew.size(), "one skew row per writer, after the header");
    assertTrue(f.finalAccuracy() > 0.5, "federated accuracy " + f.finalAccuracy());
  }

  @Test
  void theSameRowsInAnyFileLayoutGiveBitIdenticalModels() {
    float[] one = train("one", parquet("parquet-one")).parameters();
    float[] many = train("many", parquet("parquet-many")).parameters();
    float[] shuffled = train("shuffled", parquet("parquet-shuffled")).parameters();
    assertArrayEquals(one, many, 0f, "one file vs seven");
    assertArrayEquals(one, shuffled, 0f, "one file vs a shuffled order in three");

    float[] natural = federate("n-one", parquet("parquet-one")).state().global();
    assertArrayEquals(natural, federate("n-shuffled", parquet("parquet-shuffled"), "federate.spark-partitions=3")
        .state().global(), 0f, "natural clients: one file vs shuffled, other RDD partitions");
    float[] dirichlet = federate("d-one", parquet("parquet-one"), "federate.partition.scheme=dirichlet",
        "federate.partition.clients=20").state().global();
    assertArrayEquals(dirichlet, federate("d-many", parquet("parquet-many"), "federate.partition.scheme=dirichlet",
        "federate.partition.clients=20").state().global(), 0f, "a seeded scheme: one file vs seven");
    assertFalse(Arrays.equals(natural, dirichlet), "the schemes differ");
  }

  @Test
  void aHeaderedCsvOfNumericColumnsTrainsAndFederatesNaturally() {
    assertTrue(train("csv-train", csv()).testAccuracy() > 0.85);
    var f = federate("csv-federate", csv());
    assertTrue(f.finalAccuracy() > 0.5, "federated accuracy " + f.finalAccuracy());
  }

  @Test
  void aLibsvmFileTrainsAndFederates() {
    assertTrue(train("libsvm-train", libsvm()).testAccuracy() > 0.85);
    // LibSVM rows carry a label and features only: no client column, so a seeded scheme
    var f = federate("libsvm-federate", libsvm(), "federate.partition.scheme=iid", "federate.partition.clients=20");
    assertTrue(f.finalAccuracy() > 0.5, "federated accuracy " + f.finalAccuracy());
  }
}
