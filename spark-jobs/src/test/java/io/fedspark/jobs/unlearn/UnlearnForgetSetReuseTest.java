package io.fedspark.jobs.unlearn;

import io.fedspark.jobs.testing.RejectedRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.cli.FedsparkMain;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unlearn.forget-set}: a worst-case audit on the sklearn digits publishes its indices.csv; a
 * second audit that reuses it (and adds GA and SCRUB, methods the first did not run) gets the same forget set
 * and bit-identical rows for the methods both ran (run time excepted). Bad files and configurations
 * that do not match the saved set fail with exit code 2, a message naming the key, the value and
 * what was expected, and no run directory.
 */
@SparkTest
class UnlearnForgetSetReuseTest {
  private static final List<String> BASE = List.of(
      "unlearn.dataset=digits", "unlearn.model=\"mlp:64-32-10\"", "unlearn.original.epochs=6",
      "unlearn.forget-kinds=[worst-case]", "unlearn.ratios=[0.1]", "unlearn.seeds=[7]",
      "unlearn.search.select-epochs=2", "unlearn.search.unlearn-steps=2", "unlearn.search.lr-w=1.0");

  @TempDir static Path published;
  @TempDir Path dir;

  private static UnlearnJob.Result first;
  private static Path indices;

  @BeforeAll
  static void publish() {
    TestData.dir(DatasetId.DIGITS);
    first = run(published.resolve("run"), "unlearn.methods=[retrain, ft]");
    indices = published.resolve("run").resolve("indices.csv");
  }

  private static UnlearnJob.Result run(Path runDir, String... extra) {
    List<String> o = new ArrayList<>(BASE);
    o.addAll(List.of(extra));
    o.add("run.dir=\"" + runDir + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    return new UnlearnJob().run(new JobContext("unlearn", o, cfg));
  }

  @Test
  void reusedSetGivesTheSameSetAndBitIdenticalRows() throws Exception {
    List<String> saved = Files.readAllLines(indices);
    assertTrue(saved.contains("# dataset = digits"), saved.toString());
    assertTrue(saved.contains("# train-size = 1431"), saved.toString());
    assertTrue(saved.contains("# run-seed = 42"), saved.toString());

    Path again = dir.resolve("again");
    UnlearnJob.Result second = run(again, "unlearn.methods=[retrain, ft, ga, scrub]", "unlearn.forget-set=\"" + indices + "\"");

    assertEquals(rows(indices), rows(again.resolve("indices.csv")), "the same forget set, byte for byte");
    assertTrue(Files.readAllLines(again.resolve("indices.csv")).contains("# reused-from = " + indices));
    assertEquals(2, first.rows().size());
    assertEquals(4, second.rows().size());
    for (int i = 0; i < 2; i++) {
      assertEquals(first.rows().get(i).withoutRunTime(), second.rows().get(i).withoutRunTime(), "row " + i);
      assertTrue(Arrays.equals(first.cells().get(i).forgetIndices(), second.cells().get(i).forgetIndices()), "cell " + i);
    }
    UnlearnRow ga = second.rows().get(2);
    assertEquals("GA", ga.method());
    assertEquals(143, ga.forgetSize());
    assertTrue(Arrays.equals(first.cells().get(0).forgetIndices(), second.cells().get(2).forgetIndices()), "GA audits the same set");
    UnlearnRow scrub = second.rows().get(3);
    assertEquals("SCRUB", scrub.method());
    assertTrue(Arrays.equals(first.cells().get(0).forgetIndices(), second.cells().get(3).forgetIndices()));
    assertFalse(Double.isNaN(scrub.gap()), "SCRUB's gap to Retrain on the published set");
    String prov = Files.readString(again.resolve("provenance.json"));
    assertTrue(prov.contains("forgetSetSource"), prov);
    assertTrue(saved.contains("# fingerprint = " + ForgetSetFile.fingerprint(
        ConfigLoader.withShippedDefaults().load(null, BASE))), "the fingerprint of the publishing configuration");
  }

  @Test
  void missingFileIsRejected() {
    String e = fails("unlearn.forget-set=\"" + dir.resolve("nope.csv") + "\"");
    contains(e, "unlearn.forget-set = '", "nope.csv'", "no such file exists");
  }

  @Test
  void federatedSettingRejectsTheKey() {
    contains(fails(set(indices), "unlearn.setting=federated"), "unlearn.forget-set = '" + indices + "'",
        "with unlearn.setting = federated");
  }

  @Test
  void indexOutsideTheTrainingSplitIsRejected() throws Exception {
    Path f = edited(rowEdit(s -> s.replaceFirst(",143,\\d+ ", ",143,5000 ")));
    contains(fails(set(f)), "unlearn.forget-set = '" + f + "'", "indices in [0, 1431)", "found 5000");
  }

  @Test
  void repeatedIndexIsRejected() throws Exception {
    Path f = edited(rowEdit(s -> s.replaceFirst(",143,(\\d+) \\d+ ", ",143,$1 $1 ")));
    contains(fails(set(f)), "unlearn.forget-set = '" + f + "'", "distinct indices", "appears more than once");
  }

  @Test
  void setOfAnotherDatasetOrSizeIsRejected() throws Exception {
    Path mnist = edited(s -> s.replace("# dataset = digits", "# dataset = mnist"));
    contains(fails(set(mnist)), "(unlearn.dataset = digits), but it was saved for dataset mnist");
    Path size = edited(s -> s.replace("# train-size = 1431", "# train-size = 1000"));
    contains(fails(set(size)), "digits has 1431 training examples here", "saved for a training split of 1000 examples");
  }

  @Test
  void gridWithoutSavedSetsIsRejected() {
    contains(fails(set(indices), "unlearn.ratios=[0.2]"), "none for worst-case, ratio 0.2, seed 7",
        "it holds worst-case ratio 0.1 seed 7");
    contains(fails(set(indices), "unlearn.seeds=[8]"), "none for worst-case, ratio 0.1, seed 8");
    contains(fails(set(indices), "unlearn.forget-kinds=[random, worst-case]"), "none for random, ratio 0.1, seed 7");
  }

  @Test
  void otherOriginalModelIsRejected() {
    contains(fails(set(indices), "run.seed=43"), "(run.seed = 43), but it was saved for run.seed = 42");
    contains(fails(set(indices), "unlearn.original.epochs=7"), "configuration fingerprint", "unlearn.original.*");
  }

  @Test
  void fileWithoutHeaderIsStillReadAndChecked() throws Exception {
    Path old = edited(s -> String.join("\n", s.lines().filter(l -> !l.startsWith("#")).toList()) + "\n");
    ForgetSetFile file = ForgetSetFile.read(new HadoopFiles(new Configuration()), old.toString());
    var cfg = ConfigLoader.withShippedDefaults().load(null, BASE);
    UnlearnOptions opts = UnlearnOptions.from(cfg);
    file.check(new ForgetSetFile.Origin("digits", 1431, 42, "anything"), opts);
    assertTrue(Arrays.equals(first.cells().get(0).forgetIndices(), file.set(ForgetKind.WORST_CASE, 0.1, 7)));
    var small = new ForgetSetFile.Origin("digits", 1000, 42, "anything");
    var e = assertThrows(InvalidConfigException.class,
        () -> file.check(small, opts));
    contains(e.getMessage(), "ratio 0.1 of the 1000 training examples, 100 indices, found 143");
    contains(fails("unlearn.forget-set=\"" + dir + "\""), "it is a directory");
    Path notCsv = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
    contains(fails(set(notCsv)), "on line 1 the column line");
  }

  private static String set(Path p) {
    return "unlearn.forget-set=\"" + p + "\"";
  }

  private static List<String> rows(Path p) throws Exception {
    return Files.readAllLines(p).stream().filter(l -> !l.startsWith("#")).toList();
  }

  private static UnaryOperator<String> rowEdit(UnaryOperator<String> row) {
    return text -> String.join("\n", text.lines().map(l -> l.startsWith("worst-case,") ? row.apply(l) : l).toList()) + "\n";
  }

  private Path edited(UnaryOperator<String> edit) throws Exception {
    String before = Files.readString(indices);
    String after = edit.apply(before);
    assertFalse(before.equals(after), "the edit changed the file");
    return Files.writeString(Files.createTempFile(dir, "indices", ".csv"), after);
  }

  private String fails(String... overrides) {
    List<String> sets = new ArrayList<>(BASE);
    sets.add("unlearn.methods=[retrain, ft]");
    sets.addAll(List.of(overrides));
    String e = RejectedRun.message("unlearn", dir.resolve("run"), sets);
    System.out.println("[test] " + e.strip());
    return e;
  }

  private static void contains(String message, String... parts) {
    RejectedRun.contains(message, parts);
  }
}
