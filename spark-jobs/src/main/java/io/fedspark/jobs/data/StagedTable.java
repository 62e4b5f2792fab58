package io.fedspark.jobs.data;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.JobRun;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A validated table staged for the jobs whose every task needs a whole split (the unlearning
 * methods retrain on the retain set; a search, an audit experiment or a distillation cell runs
 * centrally, as in its paper): the executors write the training and test rows, in the seeded
 * order of their keys, as shard files under the run directory ({@code data/<name>/train/part-*.shard},
 * {@code data/<name>/test/...}; {@link ShardFile}), and each such task reads them back on its executor
 * ({@link #train()}, {@link #test()}; once per executor JVM). The files stay with the run: they
 * are the data it used, in the order its example indices refer to. The driver keeps this
 * small description only; no task closure or broadcast carries data. Example {@code i} of the
 * training split is the same row whatever the table's file layout, so forget sets given as indices
 * are stable.
 *
 * @param dir the staging directory
 * @param trainParts the training split's part files, in order
 * @param testParts the test split's part files, in order
 */
public record StagedTable(String name, String dir, String[] trainParts, String[] testParts, long trainRows,
    long testRows, int featureCount, int[] shape, int numClasses, String[] labelNames,
    SerializableConfiguration conf) implements Serializable {
  /** The splits read in this JVM, by file (tasks of one executor share them; softly held). */
  private static final Map<String, SoftReference<Object>> READ = new ConcurrentHashMap<>();

  /** Rows per part file. */
  static final int ROWS_PER_PART = 20_000;

  /** Stages {@code table} under {@code <run dir>/.staged/}. */
  public static StagedTable stage(JobRun job, TrainingTable table, String name) {
    String dir = job.runDir().resolve("data/" + name).toString();
    SerializableConfiguration conf = new SerializableConfiguration(job.jsc().hadoopConfiguration());
    SeedSequence root = SeedSequence.root(job.run().seed());
    String[] train = write(table, true, root.derive("stage/train").seed(), dir + "/train", conf);
    String[] test = write(table, false, root.derive("stage/test").seed(), dir + "/test", conf);
    System.out.printf(Locale.ROOT, "[data] staged %d training and %d test rows for %s under %s%n", table.trainRows(),
        table.testRows(), name, dir);
    return new StagedTable(name, dir, train, test, table.trainRows(), table.testRows(), table.featureCount(),
        table.shape(), table.numClasses(), table.labelNames().toArray(new String[0]), conf);
  }

  /**
   * Stages federated clients: each RDD partition of {@code clients} writes its shards, in id order,
   * to one part file; {@link #clients()} reads them back (and {@link #train()} is their
   * concatenation in id order). The test split as in {@link #stage}.
   */
  public static StagedTable stageClients(JobRun job, TrainingTable table, ShardSet clients, String name) {
    String dir = job.runDir().resolve("data/" + name).toString();
    SerializableConfiguration conf = new SerializableConfiguration(job.jsc().hadoopConfiguration());
    String[] train = writeShards(clients, dir + "/clients", conf);
    String[] test = write(table, false, SeedSequence.root(job.run().seed()).derive("stage/test").seed(), dir + "/test",
        conf);
    System.out.printf(Locale.ROOT, "[data] staged %d clients (%d rows) and %d test rows for %s under %s%n",
        clients.count(), clients.examples(), table.testRows(), name, dir);
    return new StagedTable(name, dir, train, test, clients.examples(), table.testRows(), table.featureCount(),
        table.shape(), table.numClasses(), table.labelNames().toArray(new String[0]), conf);
  }

  /** Writes every RDD partition's shards to {@code dir/part-P}; the part files in partition order. */
  private static String[] writeShards(ShardSet shards, String dir, SerializableConfiguration conf) {
    shards.rdd().foreachPartition((Iterator<ClientShard> it) -> {
      List<ClientShard> mine = new ArrayList<>();
      it.forEachRemaining(mine::add);
      if (!mine.isEmpty()) {
        writeAtomically(conf, new Path(dir, part(TaskContext.get().partitionId())), mine);
      }
    });
    int parts = shards.layout().numPartitions();
    String[] out = new String[parts];
    for (int p = 0; p < parts; p++) {
      out[p] = dir + "/" + part(p);
    }
    return out;
  }

  private static String[] write(TrainingTable t, boolean train, long salt, String dir,
      SerializableConfiguration conf) {
    long rows = train ? t.trainRows() : t.testRows();
    int parts = (int) Math.max(1, Math.min(rows, (rows + ROWS_PER_PART - 1) / ROWS_PER_PART));
    ShardSet shards = Sharding.partitions(train ? t.train() : t.test(), rows, parts, salt, t.featureCount(),
        t.numClasses());
    try {
      return writeShards(shards, dir, conf);
    } finally {
      shards.release();
    }
  }

  private static String part(int p) {
    return String.format(Locale.ROOT, "part-%05d.shard", p);
  }

  private static void writeAtomically(SerializableConfiguration conf, Path target, List<ClientShard> shards)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf.value());
    TaskContext tc = TaskContext.get();
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + (tc == null ? 0 : tc.taskAttemptId()));
    try (OutputStream out = fs.create(tmp, true)) {
      for (ClientShard s : shards) {
        ShardFile.write(s, out);
      }
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** The staged shards (clients, or parts of the training split) in id order, read on the calling executor. */
  public List<ClientShard> clients() {
    return cached("shards:" + trainParts[0], () -> readShards(trainParts));
  }

  /** The training split, read on the calling executor (example i is the i-th in the seeded order). */
  public LabeledDataset train() {
    return cached("dataset:" + trainParts[0], () -> read(trainParts, name + "-train"));
  }

  private List<ClientShard> readShards(String[] parts) {
    List<ClientShard> shards = new ArrayList<>();
    try {
      for (String p : parts) {
        Path path = new Path(p);
        FileSystem fs = path.getFileSystem(conf.value());
        if (!fs.exists(path)) {
          continue; // an RDD partition that held no shard
        }
        try (InputStream in = new java.io.BufferedInputStream(fs.open(path), 1 << 20)) {
          ClientShard s;
          while ((s = ShardFile.readNext(in, p)) != null) {
            shards.add(s);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the staged " + name + " data: " + e.getMessage(), e);
    }
    shards.sort(java.util.Comparator.comparingInt(ClientShard::clientId));
    return shards;
  }

  /** The test split, read on the calling executor. */
  public LabeledDataset test() {
    return cached("dataset:" + testParts[0], () -> read(testParts, name + "-test"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cached(String key, java.util.function.Supplier<T> load) {
    SoftReference<Object> ref = READ.get(key);
    Object d = ref == null ? null : ref.get();
    if (d == null) {
      d = load.get();
      READ.put(key, new SoftReference<>(d));
    }
    return (T) d;
  }

  private LabeledDataset read(String[] parts, String datasetName) {
    ClientShard all = ClientShard.concat(0, parts == trainParts ? clients() : readShards(parts));
    return LabeledDataset.of(datasetName, shape, all.features(), all.labels(), numClasses);
  }

}
