package io.fedspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.HostileFileSystem;
import io.fedspark.jobs.testing.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The error contract under hostile input, table-driven: each case runs {@code fedspark ...}
 * in-process ({@link FedsparkMain#run}, on the shared local session) and asserts the exit code (2
 * for configuration and data, 1 for the rest), exactly one {@code fedspark: error: } line, last,
 * naming what the case expects, no stack frame, and no partial output: no run directory, no
 * temporary file anywhere under the case's directory, and for a resume the run directory
 * byte-identical (every file hashed before and after). Cases cover the configuration, the data of
 * every format of the data plane (CSV, JSON, Parquet, ORC, LibSVM, IDX) on a tiny table written
 * here, checkpoints, the command line and the file system (unknown host, refused connection,
 * permission denied, a full disk).
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final int ROWS = 60;

  private Path root;
  private Path fx;
  private Path federateRun;
  private Path trainRun;

  /** One case: what to run (from the fixtures and the case's run directory) and what it must say. */
  record Case(String name, int exit, BiFunction<HostileInputTest, Path, List<String>> args, List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A resume case: the run directory to resume (prepared from a real run), the arguments, the message. */
  record ResumeCase(String name, int exit, BiFunction<HostileInputTest, Path, List<String>> args, boolean train,
      Damage damage, List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What a resume case does to its copy of a run directory first. */
  @FunctionalInterface
  interface Damage {
    void apply(Path runDir) throws IOException;
  }

  // ------------------------------------------------------------------ fixtures

  @BeforeAll
  void fixtures(SparkSession spark) throws Exception {
    root = Files.createTempDirectory("hostile");
    fx = Files.createDirectories(root.resolve("fixtures"));
    HostileFileSystem.register(spark.sparkContext().hadoopConfiguration());
    // a refused connection fails at once instead of after Hadoop's 10 retries
    spark.sparkContext().hadoopConfiguration().setInt("ipc.client.connect.max.retries", 0);
    spark.sparkContext().hadoopConfiguration().setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    StringBuilder csv = new StringBuilder("a,b,label,user,w\n");
    StringBuilder json = new StringBuilder();
    StringBuilder libsvm = new StringBuilder();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double a = (i % 10) / 10.0;
      double b = ((i * 7) % 10) / 10.0;
      int label = i % 3;
      csv.append(a).append(',').append(b).append(',').append(label).append(",u").append(i % 5).append(",1.0\n");
      json.append("{\"features\":[").append(a).append(',').append(b).append("],\"label\":").append(label)
          .append(",\"user\":\"u").append(i % 5).append("\"}\n");
      libsvm.append(label).append(" 1:").append(a).append(" 2:").append(b).append('\n');
      rows.add(RowFactory.create(new double[] {a, b}, label, "u" + (i % 5)));
    }
    write("csv/t.csv", csv.toString());
    write("json/t.json", json.toString());
    write("libsvm/t.txt", libsvm.toString());
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.IntegerType).add("user", DataTypes.StringType);
    Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
    df.write().parquet(fx.resolve("parquet").toString());
    df.write().orc(fx.resolve("orc").toString());
    Files.createDirectories(fx.resolve("denied").resolve("t"));
    byte[][] idx = idx(ROWS, ROWS);
    Files.createDirectories(fx.resolve("idx"));
    Files.write(fx.resolve("idx/t-images-idx3-ubyte"), idx[0]);
    Files.write(fx.resolve("idx/t-labels-idx1-ubyte"), idx[1]);

    // real runs to resume: a federate run stopped after round 1 and a train run stopped after epoch 1
    System.setProperty("fedspark.test.stop-after", "1");
    try {
      federateRun = root.resolve("federate-run");
      int f = quiet(federateArgs("csv", federateRun, "federate.rounds=3"));
      trainRun = root.resolve("train-run");
      int t = quiet(trainArgs("csv", trainRun, "train.epochs=3"));
      assertEquals(0, f + t, "the runs to resume");
    } finally {
      System.clearProperty("fedspark.test.stop-after");
    }
    assertTrue(Files.size(federateRun.resolve("checkpoint/state.bin")) > 0);
    assertTrue(Files.exists(federateRun.resolve("checkpoint/configuration.json")));
    assertTrue(Files.size(trainRun.resolve("checkpoint/train-state.bin")) > 0);
  }

  @AfterAll
  void cleanUp() throws IOException {
    if (root != null) {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Path write(String name, String text) throws IOException {
    Path p = fx.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** IDX images (n x 1 x 2 bytes) and labels (m bytes). */
  private static byte[][] idx(int n, int m) throws IOException {
    ByteArrayOutputStream images = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(images);
    d.writeInt(0x00000803);
    d.writeInt(n);
    d.writeInt(1);
    d.writeInt(2);
    for (int i = 0; i < n; i++) {
      d.writeByte((i % 10) * 25);
      d.writeByte(((i * 7) % 10) * 25);
    }
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    DataOutputStream l = new DataOutputStream(labels);
    l.writeInt(0x00000801);
    l.writeInt(m);
    for (int i = 0; i < m; i++) {
      l.writeByte(i % 3);
    }
    return new byte[][] {images.toByteArray(), labels.toByteArray()};
  }

  // ------------------------------------------------------------------ arguments

  /** The data-plane keys of the fixture table in {@code format} (path: the fixture's). */
  List<String> source(String format, String path) {
    List<String> s = new ArrayList<>(List.of("data.source.format=" + format, "data.source.path=\"" + path + "\"",
        "data.source.test.fraction=0.25"));
    switch (format) {
      case "csv" -> s.addAll(List.of("data.source.options.header=true", "data.source.options.inferSchema=true",
          "data.source.features=[a, b]"));
      case "libsvm" -> s.add("data.source.options.numFeatures=2");
      default -> { }
    }
    return s;
  }

  String path(String format) {
    return switch (format) {
      case "csv" -> fx.resolve("csv/t.csv").toString();
      case "json" -> fx.resolve("json/t.json").toString();
      case "libsvm" -> fx.resolve("libsvm/t.txt").toString();
      case "idx" -> fx.resolve("idx/t-images-idx3-ubyte").toString();
      default -> fx.resolve(format).toString();
    };
  }

  List<String> trainArgs(String format, Path run, String... more) {
    return trainAt(format, path(format), run, more);
  }

  List<String> trainAt(String format, String path, Path run, String... more) {
    List<String> sets = new ArrayList<>(List.of("train.dataset=table", "train.model=\"mlp:2-4-3\"", "train.partitions=1",
        "train.epochs=1", "train.batch-size=4"));
    sets.addAll(source(format, path));
    sets.addAll(List.of(more));
    return command("train", run, sets);
  }

  List<String> federateArgs(String format, Path run, String... more) {
    List<String> sets = new ArrayList<>(List.of("federate.dataset=table", "federate.model=\"mlp:2-4-3\"",
        "federate.rounds=1", "federate.clients-per-round=2", "federate.partition.scheme=iid",
        "federate.partition.clients=4", "federate.partition.min-examples=2", "federate.client.batch-size=4",
        "federate.spark-partitions=2"));
    sets.addAll(source(format, path(format)));
    sets.addAll(List.of(more));
    return command("federate", run, sets);
  }

  static List<String> command(String command, Path run, List<String> sets) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    if (run != null) {
      args.addAll(List.of("--set", "run.dir=\"" + run + "\""));
    }
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  /** A file of the fixture directory written for one case. */
  String file(String name, byte[] bytes) {
    try {
      Path p = fx.resolve("cases").resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  String dir(String name) {
    try {
      return Files.createDirectories(fx.resolve("cases").resolve(name)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String csvWith(String name, String extraRows) {
    try {
      return file(name, Files.readString(fx.resolve("csv/t.csv")) + extraRows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ running

  record Outcome(int code, String out, String err) {}

  static Outcome run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FedsparkMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static int quiet(List<String> args) {
    Outcome o = run(args);
    assertEquals(0, o.code(), o.err());
    return o.code();
  }

  /** The contract's assertions on one outcome; returns the error line. */
  static String assertOneLine(String name, Outcome o, int exit, List<String> says) {
    String e = o.err();
    assertEquals(exit, o.code(), name + ": exit code; stderr: " + e);
    List<String> lines = e.lines().filter(l -> !l.isBlank()).toList();
    List<String> errors = lines.stream().filter(l -> l.startsWith("fedspark: error: ")).toList();
    assertEquals(1, errors.size(), name + ": exactly one error line: " + e);
    assertEquals(errors.get(0), lines.get(lines.size() - 1), name + ": the error line is the last: " + e);
    assertFalse(lines.stream().anyMatch(l -> l.strip().startsWith("at ") || l.contains("Exception in thread")),
        name + ": no stack trace: " + e);
    for (String part : says) {
      assertTrue(errors.get(0).contains(part), name + ": '" + part + "' in: " + errors.get(0));
    }
    return errors.get(0);
  }

  /** Every temporary file of an atomic write ({@code ._*.tmp}) under {@code dir}. */
  static List<Path> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("._") && p.getFileName().toString().endsWith(".tmp"))
          .toList();
    }
  }

  /** sha-256 of every file under {@code dir}, by relative path. */
  static Map<String, String> hashes(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  // ------------------------------------------------------------------ the tables

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileInputEndsWithOneLineAndLeavesNoOutput(Case c) throws Exception {
    Path caseDir = Files.createDirectories(root.resolve("cases").resolve(c.name().replaceAll("[^A-Za-z0-9.-]", "_")));
    Path run = caseDir.resolve("run");
    Outcome o = run(c.args().apply(this, run));
    assertOneLine(c.name(), o, c.exit(), c.says());
    assertFalse(Files.exists(run), c.name() + ": no run directory");
    assertEquals(List.of(), temporaryFiles(root), c.name() + ": no temporary file");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resumeCases")
  void aRejectedResumeLeavesTheRunDirectoryByteIdentical(ResumeCase c) throws Exception {
    Path run = root.resolve("resume").resolve(c.name().replaceAll("[^A-Za-z0-9.-]", "_"));
    copy(c.train() ? trainRun : federateRun, run);
    c.damage().apply(run);
    Map<String, String> before = hashes(run);
    Outcome o = run(c.args().apply(this, run));
    assertOneLine(c.name(), o, c.exit(), c.says());
    assertEquals(before, hashes(run), c.name() + ": the run directory is byte-identical");
  }

  // ------------------------------------------------------------------ an accepted resume

  @org.junit.jupiter.api.Test
  void resumeAloneRecoversTheConfigurationRemovesOrphansAndFinishesBitIdentically() throws Exception {
    // metrics never ahead of the checkpoint: the stopped runs have one row per checkpointed round/epoch
    assertEquals(2, Files.readAllLines(federateRun.resolve("metrics.csv")).size(), "header + round 1");
    assertEquals(1, io.fedspark.federated.engine.CheckpointCodec.read(
        Files.newInputStream(federateRun.resolve("checkpoint/state.bin")), "state").completedRounds());
    assertEquals(2, Files.readAllLines(trainRun.resolve("metrics.csv")).size(), "header + epoch 1");

    Path clean = root.resolve("clean-federate");
    assertEquals(0, run(federateArgs("csv", clean, "federate.rounds=3")).code());
    Path resumed = root.resolve("resumed-federate");
    copy(federateRun, resumed);
    Files.writeString(resumed.resolve("checkpoint/._state.bin.0b1c.tmp"), "half a checkpoint");
    Files.writeString(resumed.resolve("._metrics.csv.77aa.tmp"), "half a table");
    Outcome o = run(List.of("federate", "--resume", resumed.toString()));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("removed 2 temporary files"), o.out());
    assertEquals(List.of(), temporaryFiles(resumed));
    var a = io.fedspark.federated.engine.CheckpointCodec.read(Files.newInputStream(clean.resolve("checkpoint/state.bin")),
        "clean");
    var b = io.fedspark.federated.engine.CheckpointCodec.read(Files.newInputStream(resumed.resolve("checkpoint/state.bin")),
        "resumed");
    assertEquals(3, b.completedRounds());
    assertTrue(java.util.Arrays.equals(a.global(), b.global()), "bit-identical to the clean run");
    assertEquals(Files.readString(clean.resolve("skew-report.csv")), Files.readString(resumed.resolve("skew-report.csv")));

    Path cleanTrain = root.resolve("clean-train");
    assertEquals(0, run(trainArgs("csv", cleanTrain, "train.epochs=3")).code());
    Path resumedTrain = root.resolve("resumed-train");
    copy(trainRun, resumedTrain);
    // a setting that does not change the result may differ on resume
    Outcome t = run(List.of("train", "--resume", resumedTrain.toString(), "--set", "spark.master=\"local[1]\""));
    assertEquals(0, t.code(), t.err());
    var ca = io.fedspark.federated.train.TrainCheckpoint.fromBytes(
        Files.readAllBytes(cleanTrain.resolve("checkpoint/train-state.bin")), "clean");
    var cb = io.fedspark.federated.train.TrainCheckpoint.fromBytes(
        Files.readAllBytes(resumedTrain.resolve("checkpoint/train-state.bin")), "resumed");
    assertEquals(3, cb.epoch());
    assertTrue(java.util.Arrays.equals(ca.state().params(), cb.state().params()), "bit-identical to the clean run");
  }

  static Case c(String name, int exit, BiFunction<HostileInputTest, Path, List<String>> args, String... says) {
    return new Case(name, exit, args, List.of(says));
  }

  /** A {@code train} run on the csv fixture with {@code sets}, expected to exit 2 saying {@code says}. */
  static Case trainConfig(String name, List<String> sets, String... says) {
    return c("config: " + name, 2, (t, run) -> t.trainArgs("csv", run, sets.toArray(String[]::new)), says);
  }

  static Case federateConfig(String name, List<String> sets, String... says) {
    return c("config: " + name, 2, (t, run) -> t.federateArgs("csv", run, sets.toArray(String[]::new)), says);
  }

  static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    all.addAll(configurationCases());
    all.addAll(dataCases());
    all.addAll(commandLineCases());
    all.addAll(faultCases());
    return all;
  }

  static List<Case> configurationCases() {
    return List.of(
        federateConfig("fractional rounds", List.of("federate.rounds=2.5"), "federate.rounds = 2.5", "an integer"),
        trainConfig("fractional seed", List.of("run.seed=1.5"), "run.seed = 1.5", "a 64-bit integer"),
        trainConfig("23-digit seed", List.of("run.seed=12345678901234567890123"), "run.seed = '12345678901234567890123'",
            "a 64-bit integer"),
        federateConfig("zero rounds", List.of("federate.rounds=0"), "federate.rounds = 0", ">= 1"),
        federateConfig("rounds as text", List.of("federate.rounds=many"), "federate.rounds", "many"),
        federateConfig("rounds beyond int", List.of("federate.rounds=10000000000"), "federate.rounds = 10000000000"),
        federateConfig("negative learning rate", List.of("federate.client.learning-rate=-0.1"),
            "federate.client.learning-rate = -0.1"),
        federateConfig("NaN learning rate", List.of("federate.client.learning-rate=NaN"),
            "federate.client.learning-rate", "a finite number"),
        trainConfig("infinite learning rate", List.of("train.optimizer.learning-rate=Infinity"),
            "train.optimizer.learning-rate", "a finite number"),
        trainConfig("typo with a suggestion", List.of("train.epochz=3"), "unknown configuration key 'train.epochz'",
            "did you mean 'train.epochs'"),
        trainConfig("two unknown keys on one line", List.of("train.epochz=3", "train.batchsize=3"), "train.epochz",
            "train.batchsize"),
        trainConfig("a list for a number", List.of("train.epochs=[1, 2]"), "train.epochs"),
        trainConfig("an object for a string", List.of("train.model={a=1}"), "train.model"),
        federateConfig("unknown strategy", List.of("federate.strategy.kind=fedfoo"), "federate.strategy.kind",
            "fedfoo"),
        trainConfig("malformed model", List.of("train.model=\"mlp:abc\""), "train.model", "mlp:abc"),
        trainConfig("zero batch size", List.of("train.batch-size=0"), "train.batch-size = 0"),
        trainConfig("unknown math backend", List.of("math.backend=gpu"), "math.backend", "gpu"),
        trainConfig("unknown OpenBLAS kernel set", List.of("math.openblas.core=Pentium"), "math.openblas.core",
            "Pentium"),
        federateConfig("zero eval-every", List.of("federate.eval-every=0"), "federate.eval-every = 0"),
        federateConfig("failure fraction above 1", List.of("federate.failure.max-fraction=2"),
            "federate.failure.max-fraction = 2"),
        trainConfig("unknown dataset", List.of("train.dataset=cifar"), "train.dataset", "cifar"),
        trainConfig("unknown bad-rows policy", List.of("data.bad-rows=maybe"), "data.bad-rows", "maybe"),
        trainConfig("overwrite not a boolean", List.of("run.overwrite=perhaps"), "run.overwrite"),
        trainConfig("garbage master", List.of("spark.master=garbage"), "spark.master = 'garbage'",
            "spark://HOST:PORT"),
        trainConfig("zero master timeout", List.of("spark.master-connect-timeout=0"), "spark.master-connect-timeout = 0"),
        trainConfig("unknown table format", List.of("data.source.format=xlsx"), "data.source.format", "xlsx"),
        trainConfig("zero feature scale", List.of("data.source.feature-scale=0"), "data.source.feature-scale"),
        trainConfig("test fraction 1", List.of("data.source.test.fraction=1.5"), "data.source.test.fraction"),
        federateConfig("more clients per round than clients",
            List.of("federate.clients-per-round=9", "federate.partition.clients=4"), "federate.clients-per-round"),
        federateConfig("too many clients for the data",
            List.of("federate.partition.clients=100", "federate.clients-per-round=2", "federate.partition.min-examples=2"),
            "federate.partition.clients"),
        c("config: run.dir is a file", 2, (t, run) -> t.trainArgs("csv", null, "run.dir=\"" + t.file("a-file", "x") + "\""),
            "run.dir", "a directory, but it is a file"),
        c("config: run.dir not empty", 2, (t, run) -> {
          String d = t.dir("full-run-dir");
          t.file("full-run-dir/something", "x");
          return t.trainArgs("csv", null, "run.dir=\"" + d + "\"");
        }, "run.dir", "run.overwrite=true"),
        c("config: file missing", 2, (t, run) -> List.of("train", t.fx.resolve("nowhere.conf").toString()),
            "nowhere.conf", "no such file"),
        c("config: file is a directory named x.conf", 2, (t, run) -> List.of("train", t.dir("x.conf")), "x.conf",
            "is a directory"),
        c("config: syntax error", 2, (t, run) -> List.of("train", t.file("bad.conf", "train {\n epochs = \n")),
            "bad.conf"),
        c("config: include required missing", 2,
            (t, run) -> List.of("train", t.file("inc.conf", "include required(file(\"/no/such/base.conf\"))\n")),
            "inc.conf", "base.conf"),
        c("config: --set without =", 2, (t, run) -> List.of("train", "--set", "train.epochs"), "--set train.epochs",
            "key=value"),
        c("config: --set with an empty key", 2, (t, run) -> List.of("train", "--set", "=3"), "--set =3"),
        c("config: data.dir is a file (as FEDSPARK_DATA would be)", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.dir=\"" + t.file("data-dir-file", "x") + "\"")), "data.dir", "data-dir-file", "a directory"),
        c("config: data.digits is a file", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.digits=\"" + t.file("digits-file", "x") + "\"")), "data.digits", "digits-file"),
        c("config: data.fetch off and nothing cached", 2,
            (t, run) -> command("train", run, List.of("train.dataset=digits", "train.model=\"mlp:64-8-10\"",
                "data.fetch=false", "data.dir=\"" + t.dir("empty-cache") + "\"")), "data.fetch"));
  }

  static List<Case> dataCases() {
    List<Case> all = new ArrayList<>();
    for (String f : List.of("csv", "json", "parquet", "orc", "libsvm", "idx")) {
      all.add(c(f + ": missing path", 2, (t, run) -> t.trainAt(f, t.fx.resolve("missing-" + f).toString(), run),
          "missing-" + f, "not found"));
      all.add(c(f + ": model takes another feature count", 2,
          (t, run) -> t.trainArgs(f, run, "train.model=\"mlp:3-4-3\""), "features", "mlp:3-4-3"));
      all.add(c(f + ": more classes than the model's outputs", 2,
          (t, run) -> t.trainArgs(f, run, "train.model=\"mlp:2-4-2\""), "mlp:2-4-2"));
      all.add(c(f + ": garbage bytes", 2,
          (t, run) -> t.trainAt(f, f.equals("idx") ? t.file("g-images-idx3-ubyte", garbage())
              : t.file("garbage." + f, garbage()), run), f.equals("idx") ? "g-images-idx3-ubyte" : "garbage." + f));
      all.add(c(f + ": empty file", 2,
          (t, run) -> t.trainAt(f, f.equals("idx") ? t.file("e-images-idx3-ubyte", new byte[0])
              : t.file("empty." + f, new byte[0]), run), f.equals("idx") ? "e-images-idx3-ubyte" : "empty." + f));
    }
    for (String f : List.of("json", "parquet", "orc")) {
      all.add(c(f + ": missing feature column", 2, (t, run) -> t.trainArgs(f, run, "data.source.features=pixels"),
          "data.source.features", "pixels"));
      all.add(c(f + ": missing label column", 2, (t, run) -> t.trainArgs(f, run, "data.source.label=digit"),
          "data.source.label", "digit"));
      all.add(c(f + ": missing client column", 2,
          (t, run) -> t.federateArgs(f, run, "federate.partition.scheme=natural", "data.source.client=writer"),
          "data.source.client", "writer"));
    }
    all.addAll(List.of(
        c("csv: a label out of range", 2, (t, run) -> t.trainAt("csv", t.csvWith("label7.csv", "0.5,0.5,7,u1,1\n"), run),
            "label 7 is out of range"),
        c("csv: a NaN feature names the file and row", 2,
            (t, run) -> t.trainAt("csv", t.csvWith("nan.csv", "NaN,0.5,1,u1,1\n"), run), "nan.csv", "row 61", "NaN"),
        c("csv: a missing value names the file and row", 2,
            (t, run) -> t.trainAt("csv", t.csvWith("null.csv", "0.5,,1,u1,1\n"), run), "null.csv", "row 61"),
        c("csv: a negative weight", 2, (t, run) -> t.trainAt("csv", t.csvWith("negw.csv", "0.5,0.5,1,u1,-1\n"), run,
            "data.source.weight=w"), "negw.csv", "weight"),
        c("csv: a text feature", 2, (t, run) -> t.trainAt("csv", t.csvWith("text.csv", "abc,0.5,1,u1,1\n"), run),
            "text.csv"),
        c("csv: missing feature column named with the columns there are", 2,
            (t, run) -> t.trainArgs("csv", run, "data.source.features=[a, zz]"), "'zz'", "[a, b, label, user, w]"),
        c("json: a ragged row", 2, (t, run) -> t.trainAt("json", t.file("ragged.json",
            "{\"features\":[0.1,0.2],\"label\":0}\n".repeat(10) + "{\"features\":[0.1,0.2,0.3],\"label\":1}\n"), run),
            "ragged.json", "row 11"),
        c("json: a label array", 2, (t, run) -> t.trainAt("json", t.file("labelarray.json",
            "{\"features\":[0.1,0.2],\"label\":[1]}\n".repeat(4)), run), "data.source.label", "array"),
        c("json: a label out of range", 2, (t, run) -> t.trainAt("json", t.file("label9.json",
            "{\"features\":[0.1,0.2],\"label\":1}\n".repeat(4) + "{\"features\":[0.1,0.2],\"label\":9}\n"), run),
            "label 9 is out of range"),
        c("libsvm: a NaN value", 2, (t, run) -> t.trainAt("libsvm", t.file("nan.libsvm",
            "0 1:0.1 2:0.2\n1 1:0.3 2:0.1\n2 1:NaN 2:0.5\n".repeat(3)), run), "nan.libsvm", "NaN"),
        c("libsvm: a fractional label", 2, (t, run) -> t.trainAt("libsvm", t.file("frac.libsvm",
            "0 1:0.1 2:0.2\n1.5 1:0.3 2:0.1\n2 1:0.2 2:0.5\n".repeat(3)), run), "1.5"),
        c("parquet: an empty directory", 2, (t, run) -> t.trainAt("parquet", t.dir("empty-parquet-dir"), run),
            "empty-parquet-dir"),
        c("parquet: a missing test table", 2, (t, run) -> t.trainArgs("parquet", run,
            "data.source.test.path=\"" + t.fx.resolve("no-test-table") + "\""), "no-test-table"),
        c("parquet: a missing split column", 2, (t, run) -> t.trainArgs("parquet", run,
            "data.source.test.split-column=fold"), "data.source.test.split-column", "fold"),
        c("parquet: a shape that does not fit", 2, (t, run) -> t.trainArgs("parquet", run, "data.source.shape=1x3x3"),
            "9 features", "mlp:2-4-3"),
        c("idx: a file name without images-idx3", 2,
            (t, run) -> t.trainAt("idx", t.file("plain.idx", new byte[16]), run), "images-idx3"),
        c("idx: the labels file is missing", 2,
            (t, run) -> t.trainAt("idx", t.file("nolabels-images-idx3-ubyte", idxOrThrow()[0]), run),
            "nolabels-labels-idx1-ubyte"),
        c("idx: images and labels counts differ", 2, (t, run) -> {
          byte[][] two = idxOrThrow(ROWS, ROWS - 1);
          t.file("count-labels-idx1-ubyte", two[1]);
          return t.trainAt("idx", t.file("count-images-idx3-ubyte", two[0]), run);
        }, "60 records", "59"),
        c("idx: a truncated images file", 2, (t, run) -> {
          byte[][] two = idxOrThrow();
          t.file("trunc-labels-idx1-ubyte", two[1]);
          return t.trainAt("idx", t.file("trunc-images-idx3-ubyte", java.util.Arrays.copyOf(two[0], 40)), run);
        }, "trunc-images-idx3-ubyte"),
        c("idx: a labels file of the wrong type", 2, (t, run) -> {
          byte[][] two = idxOrThrow();
          t.file("swap-labels-idx1-ubyte", two[0]);
          return t.trainAt("idx", t.file("swap-images-idx3-ubyte", two[0]), run);
        }, "swap-labels-idx1-ubyte", "magic"),
        c("federate: a natural partition without a client column", 2,
            (t, run) -> t.federateArgs("parquet", run, "federate.partition.scheme=natural"), "data.source.client")));
    return all;
  }

  static List<Case> commandLineCases() {
    return List.of(
        c("cli: unknown command", 2, (t, run) -> List.of("federate-all-the-things"), "federate-all-the-things"),
        c("cli: unknown option", 2, (t, run) -> List.of("train", "--frobnicate"), "--frobnicate"),
        c("cli: two configuration files", 2, (t, run) -> List.of("train", "a.conf", "b.conf"), "b.conf"),
        c("cli: --resume on a job that has none", 2, (t, run) -> List.of("unlearn", "--resume", "x"), "--resume"),
        c("cli: --resume without a directory", 2, (t, run) -> List.of("train", "--resume"), "--resume"),
        c("cli: --resume a missing directory", 2,
            (t, run) -> List.of("train", "--resume", t.fx.resolve("no-run").toString()), "no-run", "no such directory"),
        c("cli: --resume a file", 2, (t, run) -> List.of("federate", "--resume", t.file("a-run-file", "x")),
            "a-run-file", "is a file"),
        c("cli: --resume a directory without a checkpoint", 2,
            (t, run) -> withResume(t.trainArgs("csv", null), Path.of(t.dir("no-checkpoint-run"))),
            "no training checkpoint", "no-checkpoint-run"),
        c("cli: predict a missing model", 2,
            (t, run) -> List.of("predict", t.fx.resolve("no-model").toString(), t.path("parquet")), "no-model"),
        c("cli: predict a directory that is no model", 2,
            (t, run) -> List.of("predict", t.dir("not-a-model"), t.path("parquet")), "not-a-model",
            "not a saved fedspark model"),
        c("cli: export to an unknown format", 2,
            (t, run) -> List.of("export", t.dir("m"), "--format", "tflite", t.fx.resolve("out").toString()), "tflite"),
        c("cli: export a missing model", 2,
            (t, run) -> List.of("export", t.fx.resolve("no-model").toString(), "--format", "onnx",
                t.fx.resolve("out.onnx").toString()), "no-model"),
        c("cli: fetch an unknown dataset", 2, (t, run) -> List.of("data", "fetch", "cifar10"), "cifar10"),
        c("cli: an unknown benchmark", 2, (t, run) -> List.of("bench", "gpu"), "gpu"),
        c("cli: an experiment file that is missing", 2,
            (t, run) -> List.of("experiment", t.fx.resolve("no-grid.conf").toString()), "no-grid.conf"),
        c("cli: a sweep file that is missing", 2,
            (t, run) -> List.of("sweep", t.fx.resolve("no-sweep.conf").toString()), "no-sweep.conf"));
  }

  static List<Case> faultCases() {
    return List.of(
        c("fs: unknown HDFS host names the path", 2,
            (t, run) -> t.trainAt("parquet", "hdfs://no-such-host.invalid:8020/data/t", run),
            "hdfs://no-such-host.invalid:8020/data/t", "unknown host no-such-host.invalid"),
        c("fs: refused HDFS connection names the path", 1,
            (t, run) -> t.trainAt("parquet", "hdfs://127.0.0.1:1/data/t", run), "hdfs://127.0.0.1:1/data/t",
            "refused"),
        c("fs: a directory that cannot be read is not 'not found'", 2,
            (t, run) -> t.trainAt("parquet", HostileFileSystem.uri(t.fx.resolve("denied").resolve("t")), run),
            "denied", "permission denied"),
        c("fs: a full disk fails the checkpoint with one line and no temporary file", 1,
            (t, run) -> t.trainArgs("csv", null, "run.dir=\"" + HostileFileSystem.uri(t.fx.resolve("full")
                .resolve("run-" + System.nanoTime())) + "\""), "No space left on device", "checkpoint/"),
        c("divergence: federate on Spark names the round, client and setting", 2,
            (t, run) -> t.federateArgs("csv", run, "federate.client.learning-rate=1e30"), "round 1: client",
            "lower federate.client.learning-rate"),
        c("divergence: federate in-process names the round, client and setting", 2,
            (t, run) -> t.federateArgs("csv", run, "federate.client.learning-rate=1e30", "federate.backend=in-process"),
            "round 1: client", "lower federate.client.learning-rate"),
        c("divergence: train names the epoch, partition and setting", 2,
            (t, run) -> t.trainArgs("csv", run, "train.optimizer.learning-rate=1e30"), "epoch 1", "partition 0",
            "lower train.optimizer.learning-rate"));
  }

  static List<ResumeCase> resumeCases() {
    Damage none = d -> { };
    return List.of(
        new ResumeCase("resume: federate with another learning rate names the key", 2,
            (t, run) -> List.of("federate", "--resume", run.toString(), "--set", "federate.client.learning-rate=0.5"),
            false, none, List.of("federate.client.learning-rate (run: ", "given: 0.5")),
        new ResumeCase("resume: train with two changed keys names both", 2,
            (t, run) -> List.of("train", "--resume", run.toString(), "--set", "train.epochs=5", "--set", "run.seed=7"),
            true, none, List.of("2 settings", "train.epochs (run: 3, given: 5)", "run.seed (run: 42, given: 7)")),
        new ResumeCase("resume: federate with another table names the key", 2,
            (t, run) -> List.of("federate", "--resume", run.toString(), "--set",
                "data.source.path=\"" + t.path("parquet") + "\""), false, none, List.of("data.source.path")),
        new ResumeCase("resume: a 0-byte checkpoint", 2, (t, run) -> List.of("federate", "--resume", run.toString()),
            false, d -> Files.write(d.resolve("checkpoint/state.bin"), new byte[0]), List.of("state.bin", "empty (0 bytes")),
        new ResumeCase("resume: a truncated checkpoint", 2, (t, run) -> List.of("federate", "--resume", run.toString()),
            false, d -> truncate(withoutChecksum(d.resolve("checkpoint/state.bin")), 30), List.of("state.bin", "truncated")),
        new ResumeCase("resume: a checkpoint with a flipped byte", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> flip(d.resolve("checkpoint/state.bin"), 40), List.of("state.bin", "corrupt", "checksum")),
        new ResumeCase("resume: a foreign file as checkpoint", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> Files.writeString(withoutChecksum(d.resolve("checkpoint/state.bin")), "PAR1 not a checkpoint at all"),
            List.of("state.bin", "magic")),
        new ResumeCase("resume: a 0-byte training checkpoint", 2,
            (t, run) -> List.of("train", "--resume", run.toString()), true,
            d -> Files.write(d.resolve("checkpoint/train-state.bin"), new byte[0]), List.of("train-state.bin", "empty")),
        new ResumeCase("resume: a training checkpoint with a flipped byte", 2,
            (t, run) -> List.of("train", "--resume", run.toString()), true,
            d -> flip(withoutChecksum(d.resolve("checkpoint/train-state.bin")), 30), List.of("train-state.bin", "CRC32")),
        new ResumeCase("resume: a train run given to federate", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), true, none, List.of("no checkpoint")),
        new ResumeCase("resume: a checkpoint without its recorded configuration, under another one", 2,
            (t, run) -> withResume(t.federateArgs("csv", null, "federate.rounds=3", "federate.client.learning-rate=0.3"),
                run), false, d -> Files.delete(d.resolve("checkpoint/configuration.json")),
            List.of("another configuration")),
        new ResumeCase("resume: a damaged recorded configuration", 2,
            (t, run) -> List.of("federate", "--resume", run.toString()), false,
            d -> Files.writeString(withoutChecksum(d.resolve("checkpoint/configuration.json")), "{ not json"),
            List.of("configuration.json")));
  }

  static List<String> withResume(List<String> args, Path run) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--resume", run.toString()));
    return a;
  }

  /** {@code p}, its Hadoop checksum file deleted (as a copy by another tool would leave it). */
  private static Path withoutChecksum(Path p) throws IOException {
    Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
    return p;
  }

  private static void truncate(Path p, int length) throws IOException {
    Files.write(p, java.util.Arrays.copyOf(Files.readAllBytes(p), length));
  }

  private static void flip(Path p, int at) throws IOException {
    byte[] b = Files.readAllBytes(p);
    b[at] ^= 0x5a;
    Files.write(p, b);
  }

  private static byte[] garbage() {
    byte[] b = new byte[512];
    new java.util.Random(7).nextBytes(b);
    return b;
  }

  private static byte[][] idxOrThrow() {
    return idxOrThrow(ROWS, ROWS);
  }

  private static byte[][] idxOrThrow(int n, int m) {
    try {
      return idx(n, m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
