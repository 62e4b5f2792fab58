package io.fedspark.deploy;

import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.StandaloneCluster.MASTER;
import static io.fedspark.deploy.StandaloneCluster.listening;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.deploy.LauncherProcess.Run;
import io.fedspark.federated.engine.CheckpointCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Mixed hardware on one machine: {@code fedspark cluster start --worker-env} starts two workers
 * whose executors load OpenBLAS with different kernel sets ({@code OPENBLAS_CORETYPE=Haswell} and
 * {@code SkylakeX}; {@code Sandybridge} and {@code Haswell} on a CPU without AVX-512), as nodes of
 * two CPU generations would. A short {@code federate} run (digits, 3 rounds, 4 Spark partitions)
 * then:
 *
 * <ul>
 *   <li>without a pin ({@code math.openblas.core = auto}) warns, naming both sets, records every
 *       JVM's set in provenance.json, and gives another model than a local-mode run;
 *   <li>with {@code math.openblas.core = Haswell} runs Haswell on the driver and both executors and
 *       gives the model of a local-mode run pinned the same way, bit for bit;
 *   <li>with {@code math.openblas.core = strict} refuses to run: exit 2, one line, no run directory.
 * </ul>
 *
 * Uses the fixed ports 7077 and 8080 (run it when no other Spark master holds them).
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MixedKernelClusterIT {
  private static final StandaloneCluster CLUSTER =
      new StandaloneCluster(LauncherProcess.ROOT.resolve("deploy/target/cluster-mixed-it"));
  private static final Path RUNS = LauncherProcess.ROOT.resolve("deploy/target/cluster-mixed-it-runs");
  private static final int[] PORTS = {7077, 8080};
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
  /** The set both workers (one machine) can run, pinned below. */
  private static final String PIN = "Haswell";
  /**
   * Both executors registered before the job starts (standalone waits for spark.cores.max cores at
   * this ratio), so the kernel probe reaches both; 512m executors fit the 1g workers.
   */
  private static final String SUBMIT_ARGS = "--conf spark.executor.memory=512m --conf spark.cores.max=2"
      + " --conf spark.scheduler.minRegisteredResourcesRatio=1.0";
  private static final List<String> FEDERATE = List.of("--set", "federate.dataset=digits",
      "--set", "federate.model=\"mlp:64-32-10\"", "--set", "federate.rounds=3", "--set", "federate.partition.clients=12",
      "--set", "federate.clients-per-round=4", "--set", "federate.spark-partitions=4");

  /** The workers' kernel sets: worker 1's, worker 2's. */
  private static final List<String> WORKER_SETS = cpuHasAvx512() ? List.of("Haswell", "SkylakeX")
      : List.of("Sandybridge", "Haswell");

  /** The local-mode model pinned to {@link #PIN}: the reference. */
  private static float[] localPinned;

  @BeforeAll
  static void startAMixedCluster() throws Exception {
    CLUSTER.stopQuietly(RUNS.resolve("stop-before.log"));
    StandaloneCluster.recreate(RUNS);
    StandaloneCluster.assertPortsFree(PORTS);
    Run r = fedspark(List.of("cluster", "start", "--workers", "2", "--worker-env", "1:OPENBLAS_CORETYPE=" + WORKER_SETS.get(0),
        "--worker-env", "2:OPENBLAS_CORETYPE=" + WORKER_SETS.get(1)), Map.of(), Duration.ofMinutes(2), "start");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("worker-2 environment: OPENBLAS_CORETYPE=" + WORKER_SETS.get(1)), r.output());

    Path local = RUNS.resolve("local-pinned");
    Run l = fedspark(federate("local[2]", local, "math.openblas.core=" + PIN), Map.of(), JOB_TIMEOUT, "local-pinned");
    assertEquals(0, l.exit(), l.output());
    assertFalse(l.output().contains("fedspark: warning"), l.output());
    localPinned = model(local);
    JsonNode k = kernels(local);
    assertEquals(PIN, k.path("driver").path("kernel").asText(), k.toPrettyString());
    assertEquals(0, k.path("executors").size(), "local mode: no executor JVMs\n" + k.toPrettyString());
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    Run r = fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofMinutes(1), "stop");
    assertEquals(0, r.exit(), r.output());
    for (int port : PORTS) {
      assertFalse(listening(port), "port " + port + " still open after 'cluster stop'");
    }
  }

  @Test
  @Order(1)
  void withoutAPinTheRunWarnsRecordsEveryKernelSetAndGivesAnotherModel() throws Exception {
    Path run = RUNS.resolve("cluster-auto");
    Run r = fedspark(federate(MASTER, run), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, "cluster-auto");
    assertEquals(0, r.exit(), r.output());
    List<String> warnings = r.output().lines().filter(l -> l.startsWith("fedspark: warning: ")).toList();
    assertEquals(1, warnings.size(), r.output());
    String w = warnings.get(0);
    assertTrue(w.contains("the JVMs of this run use different OpenBLAS kernel sets"), w);
    for (String set : WORKER_SETS) {
      assertTrue(w.contains(set + ": ") && w.contains("executor "), w);
    }
    assertTrue(w.contains("--set math.openblas.core="), w);

    JsonNode k = kernels(run);
    assertEquals("auto", k.path("setting").asText());
    assertEquals("WARN", k.path("outcome").asText());
    assertEquals(0, k.path("unreached").size(), k.toPrettyString());
    assertEquals(new TreeSet<>(WORKER_SETS), executorSets(k), k.toPrettyString());
    assertFalse(k.path("driver").path("kernel").asText().isEmpty());

    float[] mixed = model(run);
    assertEquals(localPinned.length, mixed.length);
    assertFalse(Arrays.equals(floatBits(localPinned), floatBits(mixed)),
        "clients trained on the " + WORKER_SETS + " executors should give another model than " + PIN + " alone");
  }

  @Test
  @Order(2)
  void aPinnedSetRunsOnEveryJvmAndGivesTheLocalModelBitForBit() throws Exception {
    Path run = RUNS.resolve("cluster-pinned");
    Run r = fedspark(federate(MASTER, run, "math.openblas.core=" + PIN), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS),
        JOB_TIMEOUT, "cluster-pinned");
    assertEquals(0, r.exit(), r.output());
    assertFalse(r.output().contains("fedspark: warning"), r.output());
    JsonNode k = kernels(run);
    assertEquals(PIN, k.path("setting").asText());
    assertEquals("AGREE", k.path("outcome").asText(), k.toPrettyString());
    assertEquals(PIN, k.path("driver").path("kernel").asText());
    assertEquals(2, k.path("executors").size(), k.toPrettyString());
    assertEquals(Set.of(PIN), executorSets(k), k.toPrettyString());
    assertArrayEquals(localPinned, model(run), 0f, "pinned to " + PIN + ": the cluster's model is the local one");
    assertEquals(metricsWithoutTiming(RUNS.resolve("local-pinned")), metricsWithoutTiming(run));
  }

  @Test
  @Order(3)
  void strictRefusesDifferingSetsWithExitTwo() throws Exception {
    Path run = RUNS.resolve("cluster-strict");
    Run r = fedspark(federate(MASTER, run, "math.openblas.core=strict"), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS),
        JOB_TIMEOUT, "cluster-strict");
    assertEquals(2, r.exit(), r.output());
    List<String> errors = r.output().lines().filter(l -> l.startsWith("fedspark: error: ")).toList();
    assertEquals(1, errors.size(), r.output());
    String e = errors.get(0);
    assertTrue(e.startsWith("fedspark: error: math.openblas.core = strict, but the JVMs of this run use different OpenBLAS"
        + " kernel sets"), e);
    for (String set : WORKER_SETS) {
      assertTrue(e.contains(set + ": "), e);
    }
    assertFalse(r.output().contains("\tat "), "no stack trace:\n" + r.output());
    assertFalse(Files.exists(run), "a refused run leaves no run directory");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static List<String> federate(String master, Path run, String... sets) {
    List<String> args = new ArrayList<>(List.of("federate", "--master", master, "--set", "run.dir=\"" + run + "\""));
    args.addAll(FEDERATE);
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    return args;
  }

  /** The final global parameters (the last checkpoint). */
  private static float[] model(Path run) throws IOException {
    try (InputStream in = Files.newInputStream(run.resolve("checkpoint/state.bin"))) {
      return CheckpointCodec.read(in, run.toString()).global();
    }
  }

  private static int[] floatBits(float[] v) {
    int[] bits = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      bits[i] = Float.floatToRawIntBits(v[i]);
    }
    return bits;
  }

  private static JsonNode kernels(Path run) throws IOException {
    JsonNode k = new ObjectMapper().readTree(run.resolve("provenance.json").toFile()).path("environment").path("openblasKernels");
    assertTrue(k.isObject(), "no environment.openblasKernels in " + run.resolve("provenance.json"));
    return k;
  }

  private static Set<String> executorSets(JsonNode kernels) {
    Set<String> sets = new TreeSet<>();
    kernels.path("executors").forEach(e -> sets.add(e.path("kernel").asText()));
    return sets;
  }

  /** metrics.csv without the seconds column. */
  private static List<String> metricsWithoutTiming(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    int drop = List.of(lines.get(0).split(",")).indexOf("seconds");
    return lines.stream().map(l -> {
      List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
      if (drop >= 0) {
        cells.remove(drop);
      }
      return String.join(",", cells);
    }).toList();
  }

  private static boolean cpuHasAvx512() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("flags")).findFirst()
          .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).containsAll(Set.of("avx512f", "avx512vl")))
          .orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private static Run fedspark(List<String> args, Map<String, String> env, Duration timeout, String name) throws Exception {
    // The driver's own set comes from math.openblas.core (through the launcher) or from its CPU.
    Run r = CLUSTER.fedspark(args).without("OPENBLAS_CORETYPE").env(env).run(RUNS.resolve(name + ".log"), timeout);
    System.out.printf(Locale.ROOT, "%s: exit %d in %.1f s%n", name, r.exit(), seconds(r.took()));
    return r;
  }
}
