package io.fedspark.jobs.bench;

import io.fedspark.math.nn.ModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bench data} measures: the synthetic table, the heap every measuring JVM gets, the
 * repetitions, and the {@code train} and {@code federate} settings run on the table.
 *
 * @param mode report name (quick, full, tiny)
 * @param table the synthetic table
 * @param heapMb {@code -Xmx} of every measuring JVM (the driver; in local mode the executors too)
 * @param generatorHeapMb {@code -Xmx} of the JVM that writes the table
 * @param repetitions how many times each measurement runs (scan, train, federate interleaved)
 * @param model the model of both jobs ({@code train.model}, {@code federate.model})
 * @param trainPartitions {@code train.partitions} (enough that one shard fits a task's share of the heap)
 * @param batchSize {@code train.batch-size}
 * @param localSteps {@code train.local-steps}
 * @param federatePartitions {@code federate.spark-partitions}
 * @param clientsPerRound {@code federate.clients-per-round}
 * @param timeout how long one measuring JVM may run
 * @param extraJvmOptions added to the options of every JVM the benchmark starts (none for the
 *     benchmark itself; the smoke test uses {@code -XX:TieredStopAtLevel=1}, which halves the JIT's
 *     CPU time at start-up)
 */
public record DataBenchOptions(String mode, SyntheticTable.Spec table, int heapMb, int generatorHeapMb,
    int repetitions, ModelSpec model, int trainPartitions, int batchSize, int localSteps, int federatePartitions,
    int clientsPerRound, Duration timeout, List<String> extraJvmOptions) {

  /** The Spark master of every measurement. */
  public static final String MASTER = "local[2]";
  /** The target of the issue: the read path at least half as fast as Spark's own scan. */
  public static final double READ_TARGET = 0.5;
  /** The target of the issue: a table at least 4 times the heap limit. */
  public static final double TABLE_TO_HEAP_TARGET = 4.0;

  public DataBenchOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    extraJvmOptions = List.copyOf(extraJvmOptions);
    if (heapMb < 450 || generatorHeapMb < 256 || repetitions < 1 || trainPartitions < 1 || batchSize < 1
        || localSteps < 1 || federatePartitions < 1 || clientsPerRound < 1) {
      // Spark refuses a driver heap below 450 MB (1.5 x its 300 MB reserve) in local mode
      throw new IllegalArgumentException("bench data: invalid options " + this);
    }
    if (model.inputSize() != table.features() || model.outputSize() < table.classes()) {
      throw new IllegalArgumentException("bench data: model " + model + " does not fit the table's " + table.features()
          + " features and " + table.classes() + " classes");
    }
  }

  /**
   * The scale proof: 2,300,000 rows of 128 doubles (about 2.4 GB of Parquet, over 4 times the
   * 512 MB heap), 10,000 clients; train on 64 partitions (about 29,000 rows, 15 MB of floats each),
   * federate's clients in 64 RDD partitions, 50 clients per round; 3 repetitions.
   */
  public static DataBenchOptions full() {
    return new DataBenchOptions("full", new SyntheticTable.Spec(2_300_000, 128, 10, 10_000, 2.0, 0.5, 16, 32, 42), 512,
        2048, 3, ModelSpec.parse("mlp:128-64-10"), 64, 32, 50, 64, 50, Duration.ofMinutes(60), List.of());
  }

  /**
   * A small table (150,000 rows, about 155 MB: smaller than the heap, so it proves nothing about
   * scale), 1,000 clients, one repetition: a minute or two in all.
   */
  public static DataBenchOptions quick() {
    return new DataBenchOptions("quick", new SyntheticTable.Spec(150_000, 128, 10, 1_000, 2.0, 0.5, 4, 32, 42), 512,
        1024, 1, ModelSpec.parse("mlp:128-64-10"), 8, 32, 50, 8, 20, Duration.ofMinutes(15), List.of());
  }

  /** The settings both measurements share: the table, the master, the seed, the math. */
  private List<String> common(Path table, Path runDir) {
    return List.of("spark.master=\"" + MASTER + "\"", "run.seed=" + table().seed(), "run.overwrite=true",
        "run.dir=\"" + runDir.toAbsolutePath() + "\"", "math.blas-threads=1", "data.source.format=parquet",
        "data.source.path=\"" + table.toAbsolutePath() + "\"", "data.source.features=features",
        "data.source.label=label");
  }

  /** The settings of the scan's session (the same Spark settings as the jobs'). */
  List<String> scanSettings(Path table, Path runDir) {
    return common(table, runDir);
  }

  /** {@code fedspark train} on the table: one epoch of local SGD. */
  List<String> trainSettings(Path table, Path runDir) {
    List<String> s = new ArrayList<>(common(table, runDir));
    s.addAll(List.of("train.dataset=table", "train.model=\"" + model + "\"", "train.partitions=" + trainPartitions,
        "train.epochs=1", "train.batch-size=" + batchSize, "train.local-steps=" + localSteps, "eval.every=1"));
    return s;
  }

  /**
   * {@code fedspark federate} on the table, natural partition by the client column: two rounds,
   * the test set evaluated after the second only, so that round 1's time is training alone.
   */
  List<String> federateSettings(Path table, Path runDir) {
    List<String> s = new ArrayList<>(common(table, runDir));
    s.addAll(List.of("federate.dataset=table", "federate.model=\"" + model + "\"", "data.source.client=client",
        "federate.partition.scheme=natural", "federate.rounds=2", "federate.eval-every=2",
        "federate.clients-per-round=" + clientsPerRound, "federate.spark-partitions=" + federatePartitions));
    return s;
  }
}
