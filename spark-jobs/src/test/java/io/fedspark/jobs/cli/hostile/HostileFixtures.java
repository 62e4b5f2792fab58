package io.fedspark.jobs.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.HostileFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the hostile-input cases run on: a tiny table ({@value #ROWS} rows, 2 features, 3 labels, 5
 * users) in every format of the data plane (CSV, JSON, Parquet, ORC, LibSVM, IDX), a directory the
 * hostile file system denies, two real runs to resume (a federate run stopped after round 1, a
 * train run stopped after epoch 1), and the command lines the cases build from them.
 */
final class HostileFixtures {
  static final int ROWS = 60;

  private final Path root;
  private final Path fx;
  private final Path federateRun;
  private final Path trainRun;

  private HostileFixtures(Path root) {
    this.root = root;
    this.fx = root.resolve("fixtures");
    this.federateRun = root.resolve("federate-run");
    this.trainRun = root.resolve("train-run");
  }

  /** Writes the fixtures under a new temporary directory on {@code spark}'s file systems. */
  static HostileFixtures create(SparkSession spark) throws IOException {
    HostileFixtures t = new HostileFixtures(Files.createTempDirectory("hostile"));
    HostileFileSystem.register(spark.sparkContext().hadoopConfiguration());
    // a refused connection fails at once instead of after Hadoop's 10 retries
    spark.sparkContext().hadoopConfiguration().setInt("ipc.client.connect.max.retries", 0);
    spark.sparkContext().hadoopConfiguration().setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    t.writeTables(spark);
    t.stopRuns();
    return t;
  }

  private void writeTables(SparkSession spark) throws IOException {
    Files.createDirectories(fx);
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
  }

  /** The real runs to resume: federate stopped after round 1 of 3, train after epoch 1 of 3. */
  private void stopRuns() throws IOException {
    System.setProperty("fedspark.test.stop-after", "1");
    try {
      ErrorContract.Outcome f = ErrorContract.run(federateArgs("csv", federateRun, "federate.rounds=3"));
      assertEquals(0, f.code(), "the federate run to resume: " + f.err());
      ErrorContract.Outcome t = ErrorContract.run(trainArgs("csv", trainRun, "train.epochs=3"));
      assertEquals(0, t.code(), "the train run to resume: " + t.err());
    } finally {
      System.clearProperty("fedspark.test.stop-after");
    }
    assertTrue(Files.size(federateRun.resolve("checkpoint/state.bin")) > 0);
    assertTrue(Files.exists(federateRun.resolve("checkpoint/configuration.json")));
    assertTrue(Files.size(trainRun.resolve("checkpoint/train-state.bin")) > 0);
  }

  /** Deletes everything under the fixtures' directory. */
  void delete() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The directory all fixtures, cases and runs are under. */
  Path root() {
    return root;
  }

  /** The directory of the fixture tables and the files written for cases. */
  Path fx() {
    return fx;
  }

  Path federateRun() {
    return federateRun;
  }

  Path trainRun() {
    return trainRun;
  }

  private void write(String name, String text) throws IOException {
    Path p = fx.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** IDX images ({@code n} x 1 x 2 bytes) and labels ({@code m} bytes). */
  static byte[][] idx(int n, int m) {
    try {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ command lines

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

  /** The fixture table in {@code format}. */
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

  /** {@code command} with {@code run.dir} (unless {@code run} is null) and {@code sets} as {@code --set}s. */
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

  static List<String> withResume(List<String> args, Path run) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--resume", run.toString()));
    return a;
  }

  // ------------------------------------------------------------------ files written for one case

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

  /** The csv fixture with {@code extraRows} appended, as a file of its own. */
  String csvWith(String name, String extraRows) {
    try {
      return file(name, Files.readString(fx.resolve("csv/t.csv")) + extraRows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
