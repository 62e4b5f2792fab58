package io.fedspark.jobs.train;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.federated.train.EpochDriver;
import io.fedspark.federated.train.EpochRunner;
import io.fedspark.federated.train.GangEpoch;
import io.fedspark.federated.train.GangStepReducer;
import io.fedspark.federated.train.PartitionMemory;
import io.fedspark.federated.train.PartitionStep;
import io.fedspark.federated.train.TaskAttempt;
import io.fedspark.federated.train.TrainState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction1;

/**
 * {@code train.exchange = barrier}: each epoch is one gang-scheduled Spark stage (barrier
 * execution mode, {@code RDD.barrier().mapPartitions}) whose tasks, one per partition, run all the
 * epoch's synchronisations ({@link GangEpoch}) and exchange their contributions over a ring of TCP
 * connections between them ({@link RingExchange}; the addresses go through {@link GangRendezvous}
 * on the driver), instead of one Spark job per synchronisation. Horovod on Spark and Spark's
 * {@code TorchDistributor} run their workers the same way. The reduction is the same exact sum, so
 * the model is bit-identical to {@code jobs} mode's.
 *
 * <p>Why not {@code BarrierTaskContext.allGather}: it was measured at 0.56-0.90 s per
 * synchronisation on digits (9-28 KB messages), because Spark's barrier client checks for the
 * coordinator's answer once a second; the ring costs milliseconds (docs/benchmarks.md).
 *
 * <p>The stage writes its result (partition 0's) to a one-partition shuffle, which makes it a
 * shuffle-map stage: Spark retries a failed barrier shuffle-map stage as a whole (up to
 * {@code spark.stage.maxConsecutiveAttempts}), whereas a failed barrier result stage fails the job.
 * A retried stage starts again from the epoch's broadcast start state, so the epoch's result (and
 * the final model) is bit-identical to a run without the failure. Under compression
 * ({@code train.compression}) every task also returns what its partitions keep for themselves
 * ({@link PartitionMemory}: residual, and local SGD's optimizer state; either mode), which the next epoch's stage broadcasts
 * again, so a partition's memory does not depend on which task or executor ran it. Evaluation, early stopping and
 * checkpoints stay on the driver between epochs ({@link io.fedspark.federated.train.DataParallelTraining}).
 *
 * <p>A gang needs all its task slots at once. An epoch that cannot have them (Spark's dynamic
 * allocation, which refuses barrier stages; fewer slots than tasks when it starts; or slots lost
 * for {@link #SLOT_WAIT_MS} while it runs, its gang then cancelled), or whose gang Spark gave up
 * on, runs as one Spark job per synchronisation instead, from the same start state: the same
 * epoch, bit for bit, or the error that stopped the gang with its own exception (a diverging
 * update exits 2 naming the setting to change). The next epoch tries the gang again.
 */
final class BarrierEpochDriver implements EpochDriver {
  private static final Logger LOG = LoggerFactory.getLogger(BarrierEpochDriver.class);
  private static final ClassTag<byte[]> BYTES = scala.reflect.ClassTag$.MODULE$.apply(byte[].class);

  /** How often the driver looks at the epoch's gang and at the task slots while the gang runs. */
  static final long POLL_MS = 500;
  /**
   * How long the gang may wait with fewer task slots than tasks (a lost executor or worker that
   * nothing replaces) before the epoch is cancelled and run as one job per synchronisation.
   */
  static final long SLOT_WAIT_MS = 20_000;

  private final JavaSparkContext jsc;
  private final JavaRDD<ClientShard> train;
  private final int[] sizes;
  private final DataParallelOptions options;
  private final PartitionStep step;
  private final EpochDriver fallback;
  private boolean warned;

  /**
   * @param train the training shards, one RDD partition per task of the gang
   * @param fallback runs an epoch the gang cannot run, from the same start state ({@link EpochDriver#fromEachStart})
   */
  BarrierEpochDriver(JavaSparkContext jsc, JavaRDD<ClientShard> train, int[] sizes, DataParallelOptions options,
      PartitionStep step, EpochDriver fallback) {
    this.jsc = jsc;
    this.train = train;
    this.sizes = sizes.clone();
    this.options = options;
    this.step = step;
    this.fallback = fallback;
  }

  @Override
  public EpochRunner.Result run(TrainState start, int epoch, EpochRunner.Progress progress) {
    int tasks = train.getNumPartitions();
    String unavailable = BarrierSlots.unavailable(jsc, tasks);
    if (unavailable != null) {
      return inJobs(start, epoch, progress, unavailable);
    }
    Broadcast<TrainState> bc = jsc.broadcast(start);
    GangSecret secret = GangSecret.draw();
    GangRendezvous rendezvous = new GangRendezvous(jsc.getConf().get("spark.driver.host", "localhost"), tasks, secret);
    try {
      RDD<byte[]> gang = train.rdd().barrier().mapPartitions(new EpochTask(bc, options, sizes, epoch, step,
          rendezvous.address(), secret), false, BYTES);
      Gang g = await(JavaRDD.fromRDD(gang, BYTES).repartition(1).collectAsync(), tasks);
      return g.results() != null ? outcome(g.results(), epoch, progress) : inJobs(start, epoch, progress, g.failure());
    } finally {
      rendezvous.close();
      bc.destroy();
    }
  }

  /** The epoch in one Spark job per synchronisation, with a warning the first time (the model is the same). */
  private EpochRunner.Result inJobs(TrainState start, int epoch, EpochRunner.Progress progress, String why) {
    String msg = String.format(Locale.ROOT, "%s = barrier: epoch %d runs as one Spark job per synchronisation"
        + " (the same model): %s", TrainOptions.EXCHANGE.key(), epoch, why);
    if (warned) {
      LOG.info(msg);
    } else {
      LOG.warn(msg);
      warned = true;
    }
    return fallback.run(start, epoch, progress);
  }

  /** A gang's results, or why it gave none ({@code failure}). */
  private record Gang(List<byte[]> results, String failure) {}

  /**
   * The gang's results; or, after Spark gave up on it (its stage failed
   * {@code spark.stage.maxConsecutiveAttempts} times) or once the cluster has had fewer task slots
   * than {@code tasks} for {@link #SLOT_WAIT_MS} (the gang is then cancelled), why not. Spark reruns a
   * failed barrier stage as a whole, but with fewer slots than tasks it waits for slots that may
   * never come back; and it reports a barrier task's exception as text only, so an error that is
   * the user's to fix (a diverging update) is reported, with its exit code, by the epoch's rerun
   * as jobs.
   */
  private Gang await(JavaFutureAction<List<byte[]>> gang, int tasks) {
    long shortSince = -1;
    while (true) {
      try {
        return new Gang(gang.get(POLL_MS, TimeUnit.MILLISECONDS), null);
      } catch (TimeoutException e) {
        long now = System.currentTimeMillis();
        if (BarrierSlots.slots(jsc.sc()) >= tasks) {
          shortSince = -1;
        } else if (shortSince < 0) {
          shortSince = now;
        } else if (now - shortSince > SLOT_WAIT_MS) {
          gang.cancel(true);
          return new Gang(null, "the gang's " + tasks + " tasks waited more than " + SLOT_WAIT_MS / 1000
              + " s for task slots (" + BarrierSlots.slots(jsc.sc()) + " now: an executor was lost)");
        }
      } catch (InterruptedException e) {
        gang.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the barrier epoch ran", e);
      } catch (ExecutionException e) {
        String why = String.valueOf(e.getCause().getMessage());
        if (jsc.sc().isStopped() || why.contains("cancelled")) { // stopped or cancelled by someone else: no rerun
          throw BarrierEpochDriver.<RuntimeException>rethrow(e.getCause()); // as collect() would throw it
        }
        int end = why.indexOf('\n');
        return new Gang(null, "Spark gave up on the gang: " + (end < 0 ? why : why.substring(0, end)));
      }
    }
  }

  /** Throws {@code t} unchanged (a SparkException is checked in Java's eyes but not in Scala's collect()). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }

  private EpochRunner.Result outcome(List<byte[]> out, int epoch, EpochRunner.Progress progress) {
    GangEpoch.Outcome o = null;
    List<PartitionMemory> memories = new ArrayList<>();
    for (byte[] b : out) {
      byte[] body = java.util.Arrays.copyOfRange(b, 1, b.length);
      if (b[0] == OUTCOME) {
        if (o != null) {
          throw new IllegalStateException("barrier epoch " + epoch + ": two outcomes");
        }
        o = GangEpoch.fromBytes(body);
      } else {
        memories.addAll(GangEpoch.memoriesFromBytes(body));
      }
    }
    if (o == null) {
      throw new IllegalStateException("barrier epoch " + epoch + ": no outcome among " + out.size() + " results");
    }
    EpochRunner.Result r = o.result();
    if (!memories.isEmpty()) { // under compression: every partition's memory from the task that ran it
      r = new EpochRunner.Result(r.state().withMemories(memories), r.steps(), r.lossSum(), r.seen(), r.correct(),
          r.contributions(), r.contributionBytes());
    }
    progress.onSync(o.exchanges(), o.exchanges(), r.lossSum() / Math.max(1, r.seen()), r.seen());
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format(Locale.ROOT, "barrier epoch %d: %d synchronisations, %.0f KB sent per task and"
          + " synchronisation, %.1f ms per synchronisation in the exchange (partition 0)", epoch, o.exchanges(),
          o.bytesSent() / 1024.0 / Math.max(1, o.exchanges()), o.exchangeNanos() / 1e6 / Math.max(1, o.exchanges())));
    }
    return r;
  }

  /** A task's result: the epoch's outcome (partition 0's task). */
  private static final byte OUTCOME = 0;
  /** A task's result: its partitions' memories under compression (every task). */
  private static final byte MEMORIES = 1;

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] b = new byte[body.length + 1];
    b[0] = tag;
    System.arraycopy(body, 0, b, 1, body.length);
    return b;
  }

  /** One task of the epoch's gang: its partitions' share of every synchronisation. */
  private static final class EpochTask extends AbstractFunction1<Iterator<ClientShard>, Iterator<byte[]>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<TrainState> start;
    private final DataParallelOptions options;
    private final int[] sizes;
    private final int epoch;
    private final PartitionStep step;
    private final String rendezvous;
    private final GangSecret secret;

    EpochTask(Broadcast<TrainState> start, DataParallelOptions options, int[] sizes, int epoch, PartitionStep step,
        String rendezvous, GangSecret secret) {
      this.rendezvous = rendezvous;
      this.secret = secret;
      this.start = start;
      this.options = options;
      this.sizes = sizes;
      this.epoch = epoch;
      this.step = step;
    }

    @Override
    public Iterator<byte[]> apply(Iterator<ClientShard> shards) {
      // TaskContext.get(), not BarrierTaskContext.get(): the latter initialises BarrierTaskContext's
      // companion object, whose non-daemon java.util.Timer would keep a user's application JVM alive
      // after its main method returns (Spark 3.5); the task's context is the same object either way
      BarrierTaskContext ctx = (BarrierTaskContext) org.apache.spark.TaskContext.get();
      List<ClientShard> mine = new ArrayList<>();
      JavaConverters.asJavaIteratorConverter(shards).asJava().forEachRemaining(mine::add);
      // a barrier task is never retried alone: a failure reruns the whole stage, as a new stage attempt
      TaskAttempt attempt = new TaskAttempt(ctx.partitionId(), ctx.stageAttemptNumber());
      int n = ctx.getTaskInfos().length;
      String host = org.apache.spark.SparkEnv.get().blockManager().blockManagerId().host();
      GangEpoch.Outcome o;
      try (RingExchange ring = new RingExchange(ctx.partitionId(), n, host, ctx::killTaskIfInterrupted, secret)) {
        ring.connect(GangRendezvous.join(rendezvous, secret, ctx.stageAttemptNumber(), ctx.partitionId(),
            ring.address(), n));
        GangStepReducer reducer = new GangStepReducer(step, mine, attempt, ring);
        o = GangEpoch.run(options, sizes, start.value(), epoch, reducer);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("barrier epoch " + epoch + ", partition " + ctx.partitionId()
            + ": cannot join the ring: " + e.getMessage(), e);
      }
      List<byte[]> result = new ArrayList<>();
      if (ctx.partitionId() == 0) {
        result.add(tagged(OUTCOME, GangEpoch.toBytes(o)));
      }
      if (options.compression().enabled()) { // what this task's partitions keep, for the driver to carry on
        List<Integer> ids = mine.stream().map(ClientShard::clientId).toList();
        result.add(tagged(MEMORIES, GangEpoch.memoriesToBytes(GangEpoch.memories(o, ids))));
      }
      return JavaConverters.asScalaIteratorConverter(result.iterator()).asScala();
    }
  }
}
