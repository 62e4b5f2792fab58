package io.fedspark.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The synthetic classification table {@code bench data} measures on, written as Parquet by Spark
 * on the executors: a Spark ML vector column {@code features}, an int column {@code label} and a
 * string column {@code client}. Row {@code i} draws from its own stream
 * ({@code SeedSequence.root(seed).derive("row", i)}), so the table depends on the spec alone, not on
 * the partitioning:
 * <ul>
 *   <li>features {@code x ~ N(0, I_d)};</li>
 *   <li>label: a fixed random linear teacher {@code W} ({@code K x d}, entries {@code N(0, 1/d)},
 *       drawn from the seed) plus Gaussian noise, {@code y = argmax_k (W x + noise * g)_k} with
 *       {@code g ~ N(0, I_K)}: a learnable rule whose best accuracy is below 100%;</li>
 *   <li>client: {@code c%05d} of {@code floor(clients * u^skew)} with {@code u ~ U(0, 1)}: client
 *       {@code k} gets a share {@code ((k+1)/C)^(1/skew) - (k/C)^(1/skew)}, so sizes fall off
 *       steeply (with skew 2, client 0 holds {@code 1/sqrt(C)} of the rows and the last one about
 *       {@code 1/(2C)}).</li>
 * </ul>
 * A marker file ({@value #MARKER}) beside the Parquet files records the spec, the generator
 * version and the bytes written; a table whose marker matches is reused.
 */
public final class SyntheticTable {
  /** The marker file's name (Spark's readers skip files that start with an underscore). */
  public static final String MARKER = "_fedspark-bench-table.json";
  /** Bumped whenever the rows a spec gives change. */
  static final int GENERATOR_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SyntheticTable() {}

  /**
   * What the table holds.
   *
   * @param rows number of rows
   * @param features length of the feature vectors
   * @param classes number of classes (labels 0..classes-1)
   * @param clients number of client values drawn from
   * @param skew the exponent of the client draw (1 = uniform sizes; more = more skewed)
   * @param noise standard deviation of the teacher's logit noise
   * @param files number of Parquet files (Spark tasks writing them)
   * @param rowGroupMb Parquet row group size ({@code parquet.block.size}), MB: a Parquet reader holds
   *     a row group's column chunk in memory, so with Spark's default of 128 MB two concurrent
   *     tasks of a 512 MB JVM cannot even scan the table (measured: Spark's own scan fails with
   *     OutOfMemoryError); 32 MB leaves room
   * @param seed the root seed
   */
  public record Spec(long rows, int features, int classes, int clients, double skew, double noise, int files,
      int rowGroupMb, long seed) implements java.io.Serializable {
    public Spec {
      if (rows < 1 || features < 1 || classes < 2 || clients < 1 || !(skew >= 1) || !(noise >= 0) || files < 1
          || rowGroupMb < 1) {
        throw new IllegalArgumentException("synthetic table: invalid spec " + this);
      }
    }

    /** The spec as the command-line arguments of {@link #parse}. */
    List<String> toArgs() {
      return List.of(String.valueOf(rows), String.valueOf(features), String.valueOf(classes), String.valueOf(clients),
          String.valueOf(skew), String.valueOf(noise), String.valueOf(files), String.valueOf(rowGroupMb),
          String.valueOf(seed));
    }

    /** The spec {@link #toArgs} wrote, from {@code args[from..from+8]}. */
    static Spec parse(List<String> args, int from) {
      return new Spec(Long.parseLong(args.get(from)), Integer.parseInt(args.get(from + 1)),
          Integer.parseInt(args.get(from + 2)), Integer.parseInt(args.get(from + 3)),
          Double.parseDouble(args.get(from + 4)), Double.parseDouble(args.get(from + 5)),
          Integer.parseInt(args.get(from + 6)), Integer.parseInt(args.get(from + 7)), Long.parseLong(args.get(from + 8)));
    }

    /** One line for reports. */
    public String describe() {
      return String.format(Locale.ROOT, "%,d rows: features = %d doubles N(0,1) (a Spark ML vector), label = argmax of"
          + " a random linear teacher + N(0, %.2f^2) noise over %d classes, client = one of %,d values drawn as"
          + " floor(C u^%.1f) (skewed sizes); %d Parquet files (snappy, row groups of %d MB), seed %d", rows, features,
          noise, classes, clients, skew, files, rowGroupMb, seed);
    }
  }

  /** The table's Spark schema. */
  public static StructType schema() {
    return new StructType().add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.IntegerType, false).add("client", DataTypes.StringType, false);
  }

  /**
   * Writes the table of {@code spec} into {@code dir}: into a sibling temporary directory first,
   * marker included, then renamed, so that an interrupted run never leaves a table whose marker
   * says it is complete. An existing {@code dir} is replaced.
   */
  public static void write(SparkSession spark, Spec spec, Path dir) {
    Path target = dir.toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      deleteTree(tmp);
      float[] teacher = teacher(spec);
      MapPartitionsFunction<Long, Row> rows = it -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Row next() {
          return row(spec, teacher, it.next());
        }
      };
      spark.range(0, spec.rows(), 1, spec.files()).mapPartitions(rows, Encoders.row(schema()))
          .write().mode(SaveMode.ErrorIfExists).option("compression", "snappy")
          .option("parquet.block.size", String.valueOf(spec.rowGroupMb() * 1024L * 1024L)).parquet(tmp.toString());
      writeMarker(tmp, spec, parquetBytes(tmp));
      deleteTree(target);
      Files.move(tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("bench data: cannot write the table to " + target + ": " + e.getMessage(), e);
    }
  }

  /** The teacher {@code W}, row-major {@code classes x features}, entries N(0, 1/features). */
  static float[] teacher(Spec spec) {
    SplittableRandom r = SeedSequence.root(spec.seed()).derive("teacher").random();
    float[] w = new float[spec.classes() * spec.features()];
    double scale = 1 / Math.sqrt(spec.features());
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * scale);
    }
    return w;
  }

  /** Row {@code i} of the table. */
  static Row row(Spec spec, float[] teacher, long i) {
    SplittableRandom r = SeedSequence.root(spec.seed()).derive("row", i).random();
    int d = spec.features();
    double[] x = new double[d];
    for (int j = 0; j < d; j++) {
      x[j] = r.nextGaussian();
    }
    int label = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < spec.classes(); k++) {
      double z = spec.noise() * r.nextGaussian();
      for (int j = 0; j < d; j++) {
        z += teacher[k * d + j] * x[j];
      }
      if (z > best) {
        best = z;
        label = k;
      }
    }
    int client = (int) Math.min(spec.clients() - 1, Math.floor(spec.clients() * Math.pow(r.nextDouble(), spec.skew())));
    return RowFactory.create(Vectors.dense(x), label, String.format(Locale.ROOT, "c%05d", client));
  }

  /** Whether {@code dir} holds the complete table of {@code spec} (its marker matches and its files are all there). */
  public static boolean isComplete(Path dir, Spec spec) {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      JsonNode m = JSON.readTree(marker.toFile());
      return m.path("generatorVersion").asInt() == GENERATOR_VERSION && spec.equals(specOf(m.path("spec")))
          && m.path("parquetBytes").asLong() == parquetBytes(dir);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Total bytes of the Parquet files under {@code dir}. */
  public static long parquetBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }

  /** Number of Parquet files under {@code dir}. */
  static int parquetFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return (int) files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private static ObjectNode specNode(Spec spec) {
    ObjectNode s = JSON.createObjectNode();
    s.put("rows", spec.rows());
    s.put("features", spec.features());
    s.put("classes", spec.classes());
    s.put("clients", spec.clients());
    s.put("skew", spec.skew());
    s.put("noise", spec.noise());
    s.put("files", spec.files());
    s.put("rowGroupMb", spec.rowGroupMb());
    s.put("seed", spec.seed());
    return s;
  }

  private static Spec specOf(JsonNode s) {
    return new Spec(s.path("rows").asLong(), s.path("features").asInt(), s.path("classes").asInt(),
        s.path("clients").asInt(), s.path("skew").asDouble(), s.path("noise").asDouble(), s.path("files").asInt(),
        s.path("rowGroupMb").asInt(), s.path("seed").asLong());
  }

  private static void writeMarker(Path dir, Spec spec, long bytes) throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("generatorVersion", GENERATOR_VERSION);
    m.set("spec", specNode(spec));
    m.put("parquetBytes", bytes);
    m.put("description", spec.describe());
    Files.writeString(dir.resolve(MARKER), JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.delete(all.get(i));
    }
  }
}
