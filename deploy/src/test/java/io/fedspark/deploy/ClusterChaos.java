package io.fedspark.deploy;

import static io.fedspark.deploy.ClusterTrainJob.metricsWithoutTiming;
import static io.fedspark.deploy.LauncherProcess.await;
import static io.fedspark.deploy.LauncherProcess.destroyTree;
import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.LauncherProcess.tail;
import static io.fedspark.deploy.LockedDownCluster.JOB_TIMEOUT;
import static io.fedspark.deploy.LockedDownCluster.RUNS;
import static io.fedspark.deploy.LockedDownCluster.describe;
import static io.fedspark.deploy.LockedDownCluster.fedspark;
import static io.fedspark.deploy.LockedDownCluster.running;
import static io.fedspark.deploy.StandaloneCluster.MASTER;
import static io.fedspark.deploy.StandaloneCluster.masterState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos on the cluster of {@link StandaloneClusterIT} (issue #16): a {@code federate} and a
 * {@code train} run each lose an executor, a worker (with its executors) and their driver, in a
 * random order at random points (after a random round or epoch, plus a random delay); a lost worker
 * is brought back with {@code fedspark cluster start}, a killed driver's run is continued with
 * {@code --resume DIR}. Every model must be byte for byte that of a clean run of the same job in
 * local mode, and its metrics (timing columns aside) row for row the same.
 *
 * <p>The schedule comes from a seed printed at the start ({@code -Dfedspark.chaos.seed=S} repeats
 * one); {@code -Dfedspark.chaos.rounds=N} runs each job's three faults N times over (default 1, so
 * 6 faults per test run, bounded in time by the jobs' timeouts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
abstract class ClusterChaos {
  private static final long SEED = Long.getLong("fedspark.chaos.seed", System.nanoTime());
  private static final int ROUNDS = Integer.getInteger("fedspark.chaos.rounds", 1);
  /** Client mode; 900m executors, so one executor can hold every cached MNIST partition after a worker is lost. */
  private static final Map<String, String> SUBMIT = Map.of("FEDSPARK_SUBMIT_ARGS", "--conf spark.executor.memory=900m");
  private static final List<String> WORKERS = List.of("worker-1", "worker-2");

  private static int faultsSurvived;
  /** The restart of a killed worker, which runs while the job goes on; joined before the next worker fault. */
  private static CompletableFuture<Void> restart = CompletableFuture.completedFuture(null);

  /** What the chaos kills. */
  enum Kind { EXECUTOR, WORKER, DRIVER }

  /** One fault: {@code kind} after the job printed step {@code after} (a round or an epoch), plus {@code delayMillis}. */
  record Fault(Kind kind, int after, int delayMillis) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s after step %d + %d ms", kind.name().toLowerCase(Locale.ROOT), after,
          delayMillis);
    }
  }

  /** A job of the test: its command and settings, its progress line and its length in steps. */
  record Job(String command, List<String> settings, Pattern progress, int steps, int maxDelayMillis) {
    List<String> args(String master, Path run) {
      List<String> args = new ArrayList<>(List.of(command, "--master", master, "--set", "run.dir=\"" + run + "\""));
      settings.forEach(s -> args.addAll(List.of("--set", s)));
      return args;
    }
  }

  private static final Job FEDERATE = new Job("federate",
      List.of("federate.dataset=digits", "federate.model=\"mlp:64-32-10\"", "federate.rounds=14",
          "federate.partition.clients=12", "federate.clients-per-round=4", "federate.spark-partitions=4"),
      Pattern.compile("\\[federate\\] round (\\d+)/14 "), 14, 300);
  private static final Job TRAIN = new Job("train",
      List.of("train.model=\"logreg:784-10\"", "train.epochs=6", "train.partitions=4"),
      Pattern.compile("\\[train\\] epoch (\\d+)/6  train loss"), 6, 800);

  @BeforeAll
  static void twoWorkers() throws Exception {
    System.out.printf(Locale.ROOT, "chaos seed %d (repeat with -Dfedspark.chaos.seed=%d), %d round(s)%n", SEED, SEED,
        ROUNDS);
    // An earlier test class may have killed a worker: cluster start brings it back.
    List<String> lost = WORKERS.stream().filter(w -> LockedDownCluster.worker(w).isEmpty()).toList();
    LockedDownCluster.restartLostWorkers(lost, RUNS.resolve("chaos-restart-before.log"));
  }

  @Test
  @Order(1)
  void federateSurvivesLosingAnExecutorAWorkerAndTheDriver() throws Exception {
    survives(FEDERATE, new Random(SEED));
  }

  @Test
  @Order(2)
  void trainSurvivesLosingAnExecutorAWorkerAndTheDriver() throws Exception {
    survives(TRAIN, new Random(SEED + 1));
    System.out.printf(Locale.ROOT, "chaos: %d faults survived, every model bit-identical to its clean run%n",
        faultsSurvived);
  }

  private static void survives(Job job, Random random) throws Exception {
    List<Fault> faults = schedule(job, random);
    System.out.printf(Locale.ROOT, "chaos %s: %s%n", job.command(), faults);
    Path clean = RUNS.resolve("chaos-" + job.command() + "-clean");
    LauncherProcess.Run reference = fedspark(job.args("local[2]", clean), Map.of(), JOB_TIMEOUT,
        RUNS.resolve("chaos-" + job.command() + "-clean.log"));
    assertEquals(0, reference.exit(), reference.output());

    Path run = RUNS.resolve("chaos-" + job.command());
    int launch = 0;
    Path log = RUNS.resolve("chaos-" + job.command() + "-" + launch + ".log");
    long t0 = System.nanoTime();
    Process p = LockedDownCluster.start(job.args(MASTER, run), SUBMIT, log);
    try {
      for (Fault fault : faults) {
        awaitStep(p, log, job, fault.after());
        Thread.sleep(fault.delayMillis());
        assertTrue(p.isAlive(), "the run ended before the fault " + fault + " landed: lengthen it\n" + tail(log));
        switch (fault.kind()) {
          case EXECUTOR -> killAnExecutor(random);
          case WORKER -> {
            restart.get(2, TimeUnit.MINUTES);
            restart = killAWorkerAndBringItBack(random, job, fault);
          }
          case DRIVER -> {
            destroyTree(p);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed driver did not end");
            launch++;
            log = RUNS.resolve("chaos-" + job.command() + "-" + launch + ".log");
            p = LockedDownCluster.start(List.of(job.command(), "--resume", run.toString(), "--master", MASTER), SUBMIT, log);
          }
        }
        System.out.printf(Locale.ROOT, "chaos %s: %s injected%n", job.command(), fault);
        faultsSurvived++;
      }
      LauncherProcess.Run last = await(p, log, JOB_TIMEOUT.multipliedBy(2));
      assertEquals(0, last.exit(), last.output());
      restart.get(2, TimeUnit.MINUTES);
    } finally {
      destroyTree(p);
    }
    System.out.printf(Locale.ROOT, "chaos %s: %d faults, %d driver launches, %.1f s%n", job.command(), faults.size(),
        launch + 1, seconds(Duration.ofNanos(System.nanoTime() - t0)));
    assertArrayEquals(Files.readAllBytes(clean.resolve("model/data/parameters.fsm")),
        Files.readAllBytes(run.resolve("model/data/parameters.fsm")),
        job.command() + ": the model after " + faults + " differs from the clean local run's");
    assertEquals(metricsWithoutTiming(clean), metricsWithoutTiming(run),
        job.command() + ": metrics after " + faults + " (timing aside) differ from the clean local run's");
  }

  /**
   * Each round of chaos: the three kinds in a random order, at distinct random steps (sorted; the
   * last two steps left undisturbed so every fault lands while the run still works).
   */
  static List<Fault> schedule(Job job, Random random) {
    int count = Kind.values().length * ROUNDS;
    List<Integer> steps = new ArrayList<>();
    for (int s = 1; s < job.steps() - 1; s++) {
      steps.add(s);
    }
    Collections.shuffle(steps, random);
    List<Integer> at = new ArrayList<>(steps.subList(0, Math.min(count, steps.size())));
    Collections.sort(at);
    List<Kind> kinds = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      List<Kind> round = new ArrayList<>(List.of(Kind.values()));
      Collections.shuffle(round, random);
      kinds.addAll(round);
    }
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < at.size(); i++) {
      faults.add(new Fault(kinds.get(i), at.get(i), random.nextInt(job.maxDelayMillis() + 1)));
    }
    return faults;
  }

  /** Waits until the run's log shows step {@code step} or a later one (a resumed run starts past its checkpoint). */
  private static void awaitStep(Process p, Path log, Job job, int step) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = job.progress().matcher(Files.readString(log, StandardCharsets.UTF_8));
      int last = 0;
      while (m.find()) {
        last = Math.max(last, Integer.parseInt(m.group(1)));
      }
      if (last >= step) {
        return;
      }
      if (!p.isAlive()) {
        fail("the run ended (exit " + p.exitValue() + ") before step " + step + "\n" + tail(log));
      }
      Thread.sleep(50);
    }
    fail("no step " + step + " within " + JOB_TIMEOUT + "\n" + tail(log));
  }

  /** SIGKILLs one executor JVM of the running application (a child of a worker). */
  private static void killAnExecutor(Random random) throws Exception {
    List<ProcessHandle> executors = new ArrayList<>();
    for (String w : WORKERS) {
      LockedDownCluster.worker(w).ifPresent(h -> h.children().forEach(executors::add));
    }
    assertFalse(executors.isEmpty(), "no executor runs under the workers");
    ProcessHandle victim = executors.get(random.nextInt(executors.size()));
    LockedDownCluster.remember(victim);
    victim.destroyForcibly();
    awaitGone(victim);
  }

  /**
   * SIGKILLs a worker running an executor, with its executors; once the master has dropped it,
   * {@code cluster start} brings it back in the background while the job goes on.
   */
  private static CompletableFuture<Void> killAWorkerAndBringItBack(Random random, Job job, Fault fault)
      throws Exception {
    List<String> busy = WORKERS.stream().filter(w -> LockedDownCluster.worker(w)
        .map(h -> h.children().findAny().isPresent()).orElse(false)).toList();
    assertFalse(busy.isEmpty(), "no worker runs an executor");
    String name = busy.get(random.nextInt(busy.size()));
    ProcessHandle worker = LockedDownCluster.worker(name).orElseThrow();
    List<ProcessHandle> executors = worker.descendants().toList();
    LockedDownCluster.remember(worker);
    executors.forEach(LockedDownCluster::remember);
    worker.destroyForcibly();
    executors.forEach(ProcessHandle::destroyForcibly);
    awaitGone(worker);
    executors.forEach(ClusterChaos::awaitGone);
    Path log = RUNS.resolve("chaos-" + job.command() + "-restart-after-step-" + fault.after() + ".log");
    return CompletableFuture.runAsync(() -> {
      try {
        // The master drops the worker when its connection closes; then start sees it lost.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (masterState().path("aliveworkers").asInt() > 1) {
          assertTrue(System.nanoTime() < deadline, "the master still counts 2 workers ALIVE 60 s after one was killed");
          Thread.sleep(200);
        }
        LockedDownCluster.restartLostWorkers(List.of(name), log);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  private static void awaitGone(ProcessHandle p) {
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // checked below
    }
    assertFalse(running(p), describe(p));
  }
}
