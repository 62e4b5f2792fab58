package io.fedspark.jobs.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.unlearning.ClientSearchResult;
import io.fedspark.federated.unlearning.ClientUnlearning;
import io.fedspark.federated.unlearning.ClientUnlearningMethod;
import io.fedspark.federated.unlearning.UnlearningResult;
import io.fedspark.federated.unlearning.WorstCaseClientRule;
import io.fedspark.federated.unlearning.WorstCaseClientSearch;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated unlearning through {@code fedspark unlearn} ({@code unlearn.setting = federated}) on
 * the sklearn digits split IID over 4 clients, FedAvg for 4 rounds of 2 clients: the Spark stages
 * (original runs, the distributed worst-case client search, the audit) give exactly what the
 * federated module computes in this JVM, and every output is written.
 */
@SparkTest
class ClientAuditJobTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private List<String> options(String... extra) {
    List<String> o = new ArrayList<>(List.of(
        "unlearn.setting=federated", "federate.dataset=digits", "federate.model=\"mlp:64-32-10\"",
        "federate.rounds=4", "federate.clients-per-round=2", "federate.partition.scheme=iid",
        "federate.partition.clients=4", "federate.client.local-epochs=1", "federate.client.batch-size=16",
        "federate.client.learning-rate=0.05", "unlearn.seeds=[3]", "unlearn.client.forget=[1]",
        "unlearn.client.worst-case=true", "unlearn.client.ft-rounds=1", "unlearn.client.ga.epochs=1"));
    o.add("run.dir=\"" + dir.resolve("run") + "\"");
    o.addAll(List.of(extra));
    return o;
  }

  @Test
  void sparkStagesMatchTheInProcessFederatedUnlearningAndWriteEveryOutput() throws Exception {
    List<String> o = options();
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    ClientAuditJob.Result result = new ClientAuditJob().run(new JobContext("unlearn", o, cfg));

    long setupSeed = result.setupSeeds().get(0);
    ClientUnlearning local = ClientAuditCells.unlearning(result.data(), setupSeed);
    float[] global = local.trainOriginal();
    assertArrayEquals(global, result.originals().get(0), "original FedAvg run: Spark task vs in-process");

    ClientSearchResult search = new WorstCaseClientSearch(local).search(global, ClientAuditJob.searchSeed(setupSeed));
    assertEquals(4, search.candidates().length, "all clients are candidates (search-candidates = 0)");
    assertEquals(search.worstClient(), result.worstClients().get(0), "worst-case client: distributed vs in-process");
    assertEquals(WorstCaseClientRule.FORGET_LOSS, search.rule(), "the paper's objective is the default");
    for (WorstCaseClientRule rule : WorstCaseClientRule.values()) {
      assertEquals(List.of(search.worstClient(rule)), result.worstClientsByRule().get(rule), rule.configName());
    }

    List<UnlearnRow> rows = result.rows();
    assertEquals(6, rows.size(), "3 methods x (client 1, worst-case client)");
    for (UnlearnRow row : rows) {
      ClientUnlearningMethod m = methodOf(row.method());
      UnlearningResult expected = local.evaluate(m, global, row.client());
      assertEquals(expected.scores().ua(), row.ua(), 0.0, "UA of " + row);
      assertEquals(expected.scores().ra(), row.ra(), 0.0, "RA of " + row);
      assertEquals(expected.scores().ta(), row.ta(), 0.0, "TA of " + row);
      assertEquals(expected.scores().mia(), row.mia(), 0.0, "MIA of " + row);
      assertEquals(expected.forgetSize(), row.forgetSize());
      assertFalse(Double.isNaN(row.gap()), "gap of " + row);
      if (m == ClientUnlearningMethod.RETRAIN) {
        assertEquals(0.0, row.gap(), 0.0);
      }
      assertEquals(row.forgetKind().equals("client") ? 1 : search.worstClient(), row.client(), row.toString());
    }
    int worstAt = 0;
    for (int k = 0; k < search.candidates().length; k++) {
      if (search.candidates()[k] == search.worstClient()) {
        worstAt = k;
      }
    }
    UnlearnRow worstFt = rows.stream()
        .filter(r -> r.forgetKind().equals("worst-case-client") && r.method().equals("FT-rounds")).findFirst().get();
    assertEquals(search.gaps()[worstAt], worstFt.gap(), 1e-12, "the search's gap is the FT row's gap to Retrain");
    assertEquals(search.forgetLosses()[worstAt], worstFt.forgetLoss(), 0.0, "the FT row's forget loss");

    Path run = dir.resolve("run");
    for (String f : List.of("results.csv", "results.json", "results.parquet", "summary.md", "gap-to-retrain.png",
        "client-search.csv", "provenance.json")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    assertEquals(7, Files.readAllLines(run.resolve("results.csv")).size());
    List<String> searchCsv = Files.readAllLines(run.resolve("client-search.csv"));
    assertEquals(5, searchCsv.size());
    assertEquals("seed,client,forget_size,ft_forget_loss,retrain_forget_loss,ft_gap_to_retrain,worst_by", searchCsv.get(0));
    for (WorstCaseClientRule rule : WorstCaseClientRule.values()) {
      assertEquals(1, searchCsv.stream().filter(l -> List.of(l.split(",", -1)[6].split(" ")).contains(rule.configName()))
          .count(), rule + " chose one candidate: " + searchCsv);
      assertTrue(searchCsv.contains(searchLine(search, rule, local)), rule + ": " + searchCsv);
    }
    String provenance = Files.readString(run.resolve("provenance.json"));
    assertTrue(provenance.contains("\"worstCaseRule\" : \"forget-loss\"") || provenance.contains("\"worstCaseRule\":\"forget-loss\""),
        provenance);
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("| GA-client | worst-case-client | " + search.worstClient() + " |"), summary);
    assertTrue(Files.readString(run.resolve("provenance.json")).contains("worstCaseClients"));
  }

  @Test
  void badFederatedKeysAreRejectedBeforeAnyWork() {
    assertBad("unlearn.client.forget", options("unlearn.client.forget=[4]"));
    assertBad("unlearn.client.methods", options("unlearn.client.methods=[retrain, eu-k]"));
    assertBad("unlearn.client.ft-rounds", options("unlearn.client.ft-rounds=0"));
    assertBad("unlearn.client.worst-case-rule", options("unlearn.client.worst-case-rule=largest-gap"));
    assertBad("unlearn.mia-attacker", options("unlearn.mia-attacker=knn"));
    assertBad("unlearn.client.ga.learning-rate", options("unlearn.client.ga.learning-rate=0"));
    assertBad("federate.strategy.kind", options("federate.strategy.kind=median"));
    assertBad("unlearn.client.forget", options("unlearn.client.forget=[]", "unlearn.client.worst-case=false"));
    assertFalse(Files.exists(dir.resolve("run")), "no partial outputs");
  }

  private static void assertBad(String key, List<String> o) {
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> new UnlearnJob().run(new JobContext("unlearn", o, cfg)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  /** The client-search.csv line of the candidate {@code rule} chose, rebuilt from the in-process search. */
  private static String searchLine(ClientSearchResult search, WorstCaseClientRule rule, ClientUnlearning local) {
    int k = 0;
    while (search.candidates()[k] != search.worstClient(rule)) {
      k++;
    }
    int client = search.candidates()[k];
    String by = java.util.Arrays.stream(WorstCaseClientRule.values()).filter(r -> search.worstClient(r) == client)
        .map(WorstCaseClientRule::configName).collect(java.util.stream.Collectors.joining(" "));
    return "3," + client + "," + local.setup().clients().get(client).size() + "," + search.forgetLosses()[k] + "," + search.retrain().get(k).forgetLoss() + ","
        + search.gaps()[k] + "," + by;
  }

  private static ClientUnlearningMethod methodOf(String resultName) {
    for (ClientUnlearningMethod m : ClientUnlearningMethod.values()) {
      if (m.resultName().equals(resultName)) {
        return m;
      }
    }
    throw new AssertionError(resultName);
  }
}
