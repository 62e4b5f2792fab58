package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * End to end on a real Spark standalone cluster on this machine: {@code fedspark cluster start}
 * brings up a master and two workers (1 core, 1g each) from the build's Spark kit; {@code fedspark
 * train} (data-parallel local SGD, logistic regression on MNIST, 4 partitions) is submitted in client
 * and in cluster deploy mode, then again while one worker and its executor are SIGKILLed mid-run,
 * where the job must finish on the surviving worker with the same numbers as an undisturbed run;
 * {@code fedspark cluster stop} must leave no process behind.
 *
 * <p>The cluster is locked down: its secret is in a file of mode 600 and on no command line and in
 * no other file, the REST submission port is closed, the web UI's kill link does nothing, and
 * submissions without the secret (no {@code spark.authenticate}, a wrong secret, client and cluster
 * deploy mode) are refused with Spark's authentication errors, while every job above goes through
 * {@code fedspark} with it.
 *
 * <p>Every wait has a timeout: a misconfigured executor makes a Spark application hang rather than
 * fail. Uses the fixed ports 7077, 8080 and 6066.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
  private static final Path ROOT = Path.of(System.getProperty("fedspark.root", "..")).toAbsolutePath().normalize();
  private static final Path LAUNCHER = ROOT.resolve("deploy/bin/fedspark");
  /** The build under test (the Spark line's build directory). */
  private static final Path BUILD = Path.of(System.getProperty("fedspark.build.dir", ROOT.resolve("deploy/target")
      .toString()));
  private static final Path STATE = BUILD.resolve("cluster-it");
  private static final String MASTER = "spark://127.0.0.1:7077";
  private static final URI MASTER_JSON = URI.create("http://127.0.0.1:8080/json/");
  private static final int[] PORTS = {7077, 8080, 6066};
  private static final int REST_PORT = 6066;
  /** JVM argument file with spark.authenticate=true and the cluster's secret. */
  private static final Path SECRET_FILE = STATE.resolve("secret.args");
  private static final Pattern SECRET = Pattern.compile("(?m)^-Dspark\\.authenticate\\.secret=([0-9a-f]{64})$");
  /** A refused application fails its first connection within seconds; cluster-mode spark-submit then exits. */
  private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  /** Executors must fit 1g workers; the cluster-mode driver takes one whole worker. */
  private static final String SUBMIT_ARGS = "--conf spark.executor.memory=512m";
  /**
   * Client mode, so both workers are free for executors: after the kill, the surviving 900m executor
   * holds every cached MNIST partition (512m ran out of memory once under heavy machine load).
   */
  private static final String SUBMIT_ARGS_CLIENT_LARGE = "--conf spark.executor.memory=900m";
  private static final Set<String> TIMING_COLUMNS = Set.of("seconds", "examples_per_second");
  private static final Pattern ACCURACY = Pattern.compile("final test accuracy (\\d+\\.\\d+)%");
  /** Lowest test accuracy accepted: this logistic regression reaches about 92.0% after 2 epochs. */
  private static final double MIN_ACCURACY = 0.90;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Launcher logs and run directories, kept for a look after a failure. */
  private static final Path RUNS = BUILD.resolve("cluster-it-runs");

  /** The running cluster's secret, read in startCluster. */
  private static String secret;
  /** metrics.csv of the client-mode run without its timing columns: the reference for the others. */
  private static List<String> referenceMetrics;
  /**
   * Every process of the cluster seen during the tests: none may outlive {@code cluster stop}. A
   * handle remembers its start time, so a PID reused later by another process does not count.
   */
  private static final List<ProcessHandle> clusterProcesses = new ArrayList<>();
  private static final Thread STOP_ON_EXIT = new Thread(StandaloneClusterIT::stopQuietly, "stop fedspark cluster");

  record Run(int exit, String output, Duration took) {}

  @BeforeAll
  static void startCluster() throws Exception {
    // A cluster left over from an interrupted run of this test would be reused by "start".
    stopQuietly();
    deleteRecursively(RUNS);
    Files.createDirectories(RUNS);
    Runtime.getRuntime().addShutdownHook(STOP_ON_EXIT);
    for (int port : PORTS) {
      assertFalse(listening(port), "port " + port + " is in use before the test: stop that Spark master first");
    }
    Run r = fedspark(List.of("cluster", "start", "--workers", "2"), Map.of(), Duration.ofSeconds(120), RUNS.resolve("start.log"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains(MASTER), r.output());
    System.out.printf(Locale.ROOT, "cluster start: %.1f s%n", seconds(r.took()));
    JsonNode state = masterState();
    assertEquals(2, state.path("aliveworkers").asInt(), state.toPrettyString());
    rememberClusterProcesses();
    // Locked down: a fresh secret readable by this user only, authentication on, no REST server.
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(SECRET_FILE));
    assertTrue(Files.readAllLines(SECRET_FILE).contains("-Dspark.authenticate=true"), Files.readString(SECRET_FILE));
    secret = readSecret();
    assertFalse(listening(REST_PORT), "the REST submission port " + REST_PORT + " is open");

    Run status = fedspark(List.of("cluster", "status"), Map.of(), Duration.ofSeconds(30), RUNS.resolve("status.log"));
    assertEquals(0, status.exit(), status.output());
    assertTrue(status.output().contains("master   " + MASTER + "  ALIVE"), status.output());
    assertTrue(status.output().contains("security authentication on (spark.authenticate, secret in " + SECRET_FILE
        + ", mode 600); REST submission off; bound to 127.0.0.1"), status.output());
    assertEquals(2, status.output().lines().filter(l -> l.startsWith("worker-") && l.contains(" ALIVE ")).count(), status.output());

    Run again = fedspark(List.of("cluster", "start"), Map.of(), Duration.ofSeconds(30), RUNS.resolve("start-again.log"));
    assertEquals(0, again.exit(), again.output());
    assertTrue(again.output().contains("already running at " + MASTER), again.output());
    assertEquals(secret, readSecret(), "a second start keeps the running cluster's secret");
  }

  @AfterAll
  static void stopClusterAndCheckNothingIsLeft() throws Exception {
    rememberClusterProcesses();
    Run r = fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofSeconds(60), RUNS.resolve("stop.log"));
    try {
      Runtime.getRuntime().removeShutdownHook(STOP_ON_EXIT);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    assertEquals(0, r.exit(), r.output());
    List<String> left = new ArrayList<>();
    clusterProcesses.stream().filter(StandaloneClusterIT::running).forEach(p -> left.add(describe(p)));
    ProcessHandle.allProcesses().filter(p -> running(p) && belongsToCluster(p)).forEach(p -> left.add(describe(p)));
    assertTrue(left.isEmpty(), "processes of the cluster still running after 'cluster stop': " + left);
    for (int port : PORTS) {
      assertFalse(listening(port), "port " + port + " still open after 'cluster stop'");
    }
    if (Files.isDirectory(STATE.resolve("pids"))) {
      try (Stream<Path> pidFiles = Files.list(STATE.resolve("pids"))) {
        assertEquals(List.of(), pidFiles.toList(), "PID files left");
      }
    }
    assertFalse(Files.exists(SECRET_FILE), "the secret outlived the cluster");
    Run quiet = fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofSeconds(30), RUNS.resolve("stop-again.log"));
    assertEquals(0, quiet.exit(), quiet.output());
    assertEquals("", quiet.output().strip(), "stop when not running is quiet");
  }

  /**
   * Launchers that cannot read the cluster's secret (pointed at another, empty state directory, as
   * another user's would be) submit without it: the master refuses them with Spark's SASL errors,
   * and registers neither an application nor a driver. The three run at once.
   */
  @Test
  @Order(0)
  void submissionsWithoutTheClustersSecretAreRefused() throws Exception {
    JsonNode before = masterState();
    String elsewhere = Files.createDirectories(RUNS.resolve("no-secret-state")).toString();
    Path noAuthLog = RUNS.resolve("refused-no-auth.log");
    Path wrongLog = RUNS.resolve("refused-wrong-secret.log");
    Path clusterLog = RUNS.resolve("refused-cluster-mode.log");
    List<Process> started = new ArrayList<>();
    try {
      Process noAuth = start(verbose(train(RUNS.resolve("refused-no-auth"), 1)),
          Map.of("FEDSPARK_CLUSTER_DIR", elsewhere, "FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), noAuthLog);
      started.add(noAuth);
      Process wrong = start(verbose(train(RUNS.resolve("refused-wrong-secret"), 1)), Map.of("FEDSPARK_CLUSTER_DIR", elsewhere,
          "FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS + " --conf spark.authenticate=true --conf spark.authenticate.secret=" + "0".repeat(64)),
          wrongLog);
      started.add(wrong);
      Process clusterMode = start(verbose(train(RUNS.resolve("refused-cluster-mode"), 1)),
          Map.of("FEDSPARK_CLUSTER_DIR", elsewhere, "FEDSPARK_SUBMIT_ARGS", "--deploy-mode cluster " + SUBMIT_ARGS), clusterLog);
      started.add(clusterMode);
      long t0 = System.nanoTime();
      // No spark.authenticate: the master's SASL server rejects the first message.
      awaitLine(noAuth, noAuthLog, "Expected SaslMessage, received something else (maybe your client does not have SASL enabled?)",
          REFUSAL_TIMEOUT);
      // A wrong secret: the DIGEST-MD5 handshake fails.
      awaitLine(wrong, wrongLog, "SaslException: DIGEST-MD5: digest response format violation. Mismatched response.",
          REFUSAL_TIMEOUT);
      // Cluster deploy mode: the submission client fails and spark-submit exits 1 by itself.
      Run r = await(clusterMode, clusterLog, REFUSAL_TIMEOUT);
      System.out.printf(Locale.ROOT, "3 submissions without the secret refused within %.1f s%n",
          seconds(Duration.ofNanos(System.nanoTime() - t0)));
      assertEquals(1, r.exit(), r.output());
      assertTrue(r.output().contains("Expected SaslMessage, received something else"), r.output());
    } finally {
      started.forEach(StandaloneClusterIT::destroyTree);
    }
    JsonNode after = masterState();
    for (String list : List.of("activeapps", "completedapps", "activedrivers", "completeddrivers")) {
      assertEquals(before.path(list).size(), after.path(list).size(), list + " after refused submissions:\n" + after.toPrettyString());
    }
  }

  /** Runs last: every file the cluster and its jobs wrote, except the secret file, is free of the secret. */
  @Test
  @Order(5)
  void theSecretIsInNoOtherFile() throws IOException {
    List<Path> holding = new ArrayList<>();
    for (Path dir : List.of(STATE, RUNS)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (!f.equals(SECRET_FILE) && !f.toString().endsWith(".jar")
              && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret)) {
            holding.add(f);
          }
        }
      }
    }
    assertEquals(List.of(), holding, "files holding the cluster's secret");
  }

  private static String readSecret() throws IOException {
    Matcher m = SECRET.matcher(Files.readString(SECRET_FILE));
    assertTrue(m.find(), "no spark.authenticate.secret of 64 hex digits in " + SECRET_FILE);
    return m.group(1);
  }

  /** Whether a process whose command line contains {@code text} appeared within the timeout. */
  private static boolean awaitCommandLine(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** No process's command line (what ps shows, /proc/PID/cmdline) holds the secret. */
  private static void assertSecretOnNoCommandLine(String when) throws IOException {
    List<String> holding = new ArrayList<>();
    int javaProcesses = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmdline;
        try {
          cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
          continue;
        }
        if (cmdline.contains("java")) {
          javaProcesses++;
        }
        if (cmdline.contains(secret)) {
          holding.add(proc.getFileName() + " " + cmdline);
        }
      }
    }
    assertTrue(javaProcesses >= 3, "too few JVMs seen " + when);
    assertEquals(List.of(), holding, "command lines holding the cluster's secret " + when);
  }

  @Test
  @Order(1)
  void trainInClientDeployMode() throws Exception {
    int appsBefore = masterState().path("completedapps").size();
    long started = System.currentTimeMillis();
    Path run = RUNS.resolve("client");
    Run r = fedspark(train(run, 2), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("client.log"));
    System.out.printf(Locale.ROOT, "client-mode job: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[train] epoch 2/2  train loss"), r.output());
    assertTrue(accuracyIn(r.output()) >= MIN_ACCURACY, r.output());
    checkRunDirectory(run, 2);
    referenceMetrics = metricsWithoutTiming(run);
    // The executors ran on the cluster: the master lists the finished application.
    JsonNode apps = masterState().path("completedapps");
    assertEquals(appsBefore + 1, apps.size(), apps.toPrettyString());
    assertEquals("fedspark train", apps.get(apps.size() - 1).path("name").asText(), apps.toPrettyString());
    // The executors got conf/spark-defaults.conf's JVM options: their math core pins arrays
    // (io.fedspark.math.blas.PinnedArrayBlas) instead of falling back to staged copies.
    List<String> backends = executorLogLines(started, "math backend:");
    assertFalse(backends.isEmpty(), "no executor logged its math backend");
    for (String line : backends) {
      assertTrue(line.contains("arrays pinned"), line);
    }
  }

  /** Lines containing {@code text} in the stderr of executors the workers started since {@code sinceMillis}. */
  private static List<String> executorLogLines(long sinceMillis, String text) throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.find(STATE, 6, (f, a) -> f.getFileName().toString().equals("stderr")
        && f.toString().contains("/work/app-") && a.lastModifiedTime().toMillis() >= sinceMillis)) {
      for (Path f : files.toList()) {
        Files.readAllLines(f).stream().filter(l -> l.contains(text)).forEach(lines::add);
      }
    }
    return lines;
  }

  @Test
  @Order(0)
  void federateOnTheClusterMatchesTheInProcessBackendBitForBit() throws Exception {
    Path run = RUNS.resolve("federate-cluster");
    Path local = RUNS.resolve("federate-local");
    List<String> sets = List.of("--set", "federate.dataset=digits", "--set", "federate.model=\"mlp:64-32-10\"",
        "--set", "federate.rounds=3", "--set", "federate.partition.clients=12", "--set", "federate.clients-per-round=4",
        "--set", "federate.spark-partitions=4");
    List<String> onCluster = new ArrayList<>(List.of("federate", "--master", MASTER, "--set", "run.dir=\"" + run + "\""));
    onCluster.addAll(sets);
    Run r = fedspark(onCluster, Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("federate.log"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[federate] round 3/3"), r.output());
    List<String> inProcess = new ArrayList<>(List.of("federate", "--master", "local[1]", "--set", "run.dir=\"" + local + "\"",
        "--set", "federate.backend=in-process"));
    inProcess.addAll(sets);
    Run l = fedspark(inProcess, Map.of(), JOB_TIMEOUT, RUNS.resolve("federate-local.log"));
    assertEquals(0, l.exit(), l.output());
    // The checkpoints hold the final global parameters: bit-identical.
    try (var a = Files.newInputStream(local.resolve("checkpoint/state.bin"));
        var b = Files.newInputStream(run.resolve("checkpoint/state.bin"))) {
      assertArrayEquals(
          io.fedspark.federated.engine.CheckpointCodec.read(a, "in-process").global(),
          io.fedspark.federated.engine.CheckpointCodec.read(b, "cluster").global(), 0f,
          "federate on a 2-worker cluster and in-process give the same model");
    }
  }

  /**
   * fedspark unlearn on the cluster: a tiny centralized audit (Retrain and FT, random and
   * worst-case 10% forget sets of the digits, one seed; the search's loss pass and the grid run
   * as tasks on the two workers) gives the same rows as in local[1] (run time excepted), and the
   * federated setting (forget a client and the worst-case client of a 4-client FedAvg run) runs.
   */
  @Test
  @Order(0)
  void unlearnOnTheClusterMatchesLocalModeAndRunsTheFederatedAudit() throws Exception {
    Path run = RUNS.resolve("unlearn-cluster");
    Path local = RUNS.resolve("unlearn-local");
    List<String> sets = List.of("--set", "unlearn.dataset=digits", "--set", "unlearn.model=\"mlp:64-32-10\"",
        "--set", "unlearn.original.epochs=8", "--set", "unlearn.methods=[retrain, ft]",
        "--set", "unlearn.forget-kinds=[random, worst-case]", "--set", "unlearn.seeds=[1]",
        "--set", "unlearn.search.select-epochs=2", "--set", "unlearn.search.unlearn-steps=2",
        "--set", "unlearn.search.lr-w=1.0");
    List<String> onCluster = new ArrayList<>(List.of("unlearn", "--master", MASTER, "--set", "run.dir=\"" + run + "\""));
    onCluster.addAll(sets);
    Run r = fedspark(onCluster, Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("unlearn.log"));
    System.out.printf(Locale.ROOT, "unlearn on the cluster: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[unlearn] 4 grid cells"), r.output());
    List<String> inLocal = new ArrayList<>(List.of("unlearn", "--master", "local[1]", "--set", "run.dir=\"" + local + "\""));
    inLocal.addAll(sets);
    Run l = fedspark(inLocal, Map.of(), JOB_TIMEOUT, RUNS.resolve("unlearn-local.log"));
    assertEquals(0, l.exit(), l.output());
    assertEquals(withoutRunTime(local.resolve("results.csv")), withoutRunTime(run.resolve("results.csv")),
        "unlearn rows on a 2-worker cluster vs local[1]");
    assertEquals(Files.readString(local.resolve("indices.csv")), Files.readString(run.resolve("indices.csv")));
    for (String f : List.of("results.parquet", "summary.md", "gap-to-retrain.png", "provenance.json")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }

    Path fed = RUNS.resolve("unlearn-federated");
    Run f = fedspark(List.of("unlearn", "--master", MASTER, "--set", "run.dir=\"" + fed + "\"",
        "--set", "unlearn.setting=federated", "--set", "federate.dataset=digits",
        "--set", "federate.model=\"mlp:64-32-10\"", "--set", "federate.rounds=3", "--set", "federate.clients-per-round=2",
        "--set", "federate.partition.scheme=iid", "--set", "federate.partition.clients=4",
        "--set", "federate.client.local-epochs=1", "--set", "unlearn.seeds=[1]", "--set", "unlearn.client.forget=[0]",
        "--set", "unlearn.client.ft-rounds=1", "--set", "unlearn.client.ga.epochs=1"),
        Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("unlearn-federated.log"));
    System.out.printf(Locale.ROOT, "federated unlearn on the cluster: %.1f s%n", seconds(f.took()));
    assertEquals(0, f.exit(), f.output());
    assertTrue(f.output().contains("[unlearn] worst-case client per seed"), f.output());
    // header + 3 methods x (client 0, worst-case client)
    assertEquals(7, Files.readAllLines(fed.resolve("results.csv")).size());
    assertTrue(Files.readString(fed.resolve("summary.md")).contains("| GA-client | worst-case-client |"));
  }

  /** results.csv without the rte_seconds column (measured, not computed). */
  private static List<String> withoutRunTime(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    int col = List.of(lines.get(0).split(",")).indexOf("rte_seconds");
    assertTrue(col >= 0, lines.get(0));
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
      cells.remove(col);
      out.add(String.join(",", cells));
    }
    return out;
  }

  /**
   * fedspark distill with every outer step's real batch on the cluster's executors (chunks over 4
   * partitions) and its evaluation grid as cluster tasks; the distilled sets equal, byte for byte,
   * those of the same runs as tasks of a local[1] master.
   */
  @Test
  @Order(0)
  void distillOnTheClusterMatchesALocalRunBitForBit() throws Exception {
    Path run = RUNS.resolve("distill-cluster");
    Path local = RUNS.resolve("distill-local");
    List<String> sets = List.of("--set", "distill.dataset=digits", "--set", "distill.pool.model=\"mlp:64-32-16:loss=mse\"",
        "--set", "distill.target.dimension=16", "--set", "distill.target.hidden=[32]",
        "--set", "distill.target.projector=[32, 32]", "--set", "distill.target.epochs=2",
        "--set", "distill.target.augmentation.max-shift=1", "--set", "distill.augmentation.max-shift=1",
        "--set", "distill.sizes=[10, 20]", "--set", "distill.outer.steps=20", "--set", "distill.outer.batch-size=256",
        "--set", "distill.pool.size=3", "--set", "distill.pool.init-steps-max=20", "--set", "distill.chunk-size=200",
        "--set", "distill.evaluation.tasks=[\"digits:0.1\"]", "--set", "distill.evaluation.repeats=2",
        "--set", "distill.evaluation.pretrain.epochs=10", "--set", "distill.evaluation.probe.steps=30",
        "--set", "distill.evaluation.fine-tune.steps=10", "--set", "distill.evaluation.kmeans-iterations=3");
    List<String> onCluster = new ArrayList<>(List.of("distill", "--master", MASTER, "--set", "run.dir=\"" + run + "\"",
        "--set", "distill.parallelism=real-batch", "--set", "distill.data-partitions=4"));
    onCluster.addAll(sets);
    Run r = fedspark(onCluster, Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("distill.log"));
    System.out.printf(Locale.ROOT, "distill on the cluster: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[distill] m=20 seed=1: outer step 20/20"), r.output());
    assertTrue(Files.readString(run.resolve("evaluation.csv")).contains(",krr-st,1,digits-10%,linear-probe,"),
        Files.readString(run.resolve("evaluation.csv")));
    List<String> inProcess = new ArrayList<>(List.of("distill", "--master", "local[1]", "--set", "run.dir=\"" + local + "\"",
        "--set", "distill.parallelism=runs", "--set", "distill.evaluation.enabled=false"));
    inProcess.addAll(sets);
    Run l = fedspark(inProcess, Map.of(), JOB_TIMEOUT, RUNS.resolve("distill-local.log"));
    assertEquals(0, l.exit(), l.output());
    for (String set : List.of("m10-seed1", "m20-seed1")) {
      for (String file : List.of("inputs.npy", "targets.npy", "inputs.idx")) {
        assertArrayEquals(
            Files.readAllBytes(local.resolve("runs").resolve(set).resolve(file)),
            Files.readAllBytes(run.resolve("runs").resolve(set).resolve(file)), set + "/" + file);
      }
    }
  }

  @Test
  @Order(2)
  void trainInClusterDeployMode() throws Exception {
    Set<String> driversBefore = driverIds(masterState());
    Path run = RUNS.resolve("cluster");
    long t0 = System.nanoTime();
    // spark-submit returns as soon as the master accepted the driver (and exits 0 even if the
    // driver later fails), so the outcome is the driver's state at the master.
    Run r = fedspark(train(run, 2), Map.of("FEDSPARK_SUBMIT_ARGS", "--deploy-mode cluster " + SUBMIT_ARGS),
        Duration.ofMinutes(2), RUNS.resolve("cluster-submit.log"));
    assertEquals(0, r.exit(), r.output());
    String driver = awaitNewDriver(driversBefore, Duration.ofSeconds(30));
    // The driver JVM a worker started (it reads the secret from the @file in spark.driver.extraJavaOptions).
    boolean seen = awaitCommandLine("/" + driver + "/", Duration.ofSeconds(60));
    if (seen) {
      assertSecretOnNoCommandLine("while a cluster-mode driver runs");
    }
    // The master's web UI has no authentication, so its kill links are off: this request is ignored.
    HttpRequest kill = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/driver/kill/?id=" + driver + "&terminate=true"))
        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
    HTTP.send(kill, HttpResponse.BodyHandlers.discarding());
    String state = awaitDriverEnd(driver, JOB_TIMEOUT);
    Path driverDir = driverDirectory(driver);
    assertEquals("FINISHED", state, "driver " + driver + " ended " + state + "\n" + tail(driverDir.resolve("stderr")));
    assertTrue(seen, "the JVM of driver " + driver + " was never seen running");
    System.out.printf(Locale.ROOT, "cluster-mode job: %.1f s (submission %.1f s)%n",
        seconds(Duration.ofNanos(System.nanoTime() - t0)), seconds(r.took()));
    String stdout = Files.readString(driverDir.resolve("stdout"));
    assertTrue(accuracyIn(stdout) >= MIN_ACCURACY, stdout);
    checkRunDirectory(run, 2);
    if (referenceMetrics != null) {
      assertEquals(referenceMetrics, metricsWithoutTiming(run), "same seed and partitions, other deploy mode");
    }
  }

  @Test
  @Order(3)
  void trainSurvivesLosingAWorkerAndItsExecutor() throws Exception {
    Path run = RUNS.resolve("worker-lost");
    Path log = RUNS.resolve("worker-lost.log");
    long t0 = System.nanoTime();
    // An epoch is 10 Spark jobs of 4 tasks (50 local steps each), 3-6 s here: 2 epochs after the
    // kill keep tasks running while the executor disappears.
    Process p = start(train(run, 3), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS_CLIENT_LARGE), log);
    try {
      awaitLine(p, log, "[train] epoch 1/3  train loss", JOB_TIMEOUT);
      assertSecretOnNoCommandLine("while a client-mode job runs");
      // Kill a worker that runs an executor of this job (its child JVM), worker and executor at once.
      ProcessHandle worker = null;
      List<ProcessHandle> executors = List.of();
      for (String name : List.of("worker-1", "worker-2")) {
        Optional<ProcessHandle> w = recordedPid(name).flatMap(ProcessHandle::of);
        List<ProcessHandle> children = w.map(h -> h.descendants().toList()).orElse(List.of());
        if (!children.isEmpty()) {
          worker = w.get();
          executors = children;
          break;
        }
      }
      assertNotNull(worker, "no worker runs an executor of the job\n" + Files.readString(log));
      clusterProcesses.add(worker);
      clusterProcesses.addAll(executors);
      worker.destroyForcibly();
      executors.forEach(ProcessHandle::destroyForcibly);
      System.out.printf(Locale.ROOT, "killed worker pid %d and executor(s) %s after epoch 1%n", worker.pid(),
          executors.stream().map(e -> Long.toString(e.pid())).collect(Collectors.joining(",")));
      Run r = await(p, log, JOB_TIMEOUT);
      System.out.printf(Locale.ROOT, "worker-kill job: %.1f s%n", seconds(Duration.ofNanos(System.nanoTime() - t0)));
      assertFalse(running(worker), describe(worker));
      executors.forEach(e -> assertFalse(running(e), describe(e)));
      assertEquals(0, r.exit(), r.output());
      assertTrue(r.output().contains("Lost executor"), "the driver should have lost an executor\n" + r.output());
      assertTrue(r.output().contains("[train] epoch 3/3  train loss"), r.output());
      assertTrue(accuracyIn(r.output()) >= MIN_ACCURACY, r.output());
      checkRunDirectory(run, 3);
      if (referenceMetrics != null) {
        // Rescheduled tasks recompute the same partitions from the same seeds: identical numbers.
        assertEquals(referenceMetrics, metricsWithoutTiming(run).subList(0, referenceMetrics.size()),
            "epochs 1-2 with a worker lost after epoch 1, against the undisturbed client-mode run");
      }
    } finally {
      destroyTree(p);
    }
  }

  @Test
  @Order(4)
  void aTinySweepRunsOnTheClusterAndResumes() throws Exception {
    // After the worker-kill test one worker is left: still a standalone cluster.
    Path store = RUNS.resolve("sweep-store");
    Path file = RUNS.resolve("tiny-sweep.conf");
    Files.createDirectories(RUNS);
    Files.writeString(file, """
        sweep {
          name = cluster-tiny, id = it, store = "%s", parallelism = 2, seeds = [1]
          metrics { finalTestAccuracy { direction = higher, tolerance = 0.02 } }
          command = federate
          base.federate { dataset = digits, model = "mlp:64-32-10", rounds = 2, clients-per-round = 4, spark-partitions = 2,
            partition { clients = 10, min-examples = 40 } }
          grid { "federate.strategy.kind" = [fedavg, fedprox] }
        }
        """.formatted(store));
    List<String> args = List.of("sweep", file.toString(), "--master", MASTER);
    Run first = fedspark(args, Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS, "FEDSPARK_TEST_SWEEP_STOP_AFTER", "1"),
        JOB_TIMEOUT, RUNS.resolve("sweep-1.log"));
    assertEquals(0, first.exit(), first.output());
    assertTrue(first.output().contains("master " + MASTER), first.output());
    assertTrue(first.output().contains("stopped after 1 of 2 pending runs"), first.output());
    Run second = fedspark(args, Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT, RUNS.resolve("sweep-2.log"));
    assertEquals(0, second.exit(), second.output());
    assertTrue(second.output().contains("2 runs (1 already complete, skipped)"), second.output());
    Path sweep = store.resolve("sweeps/it");
    List<String> csv = Files.readAllLines(sweep.resolve("results.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(",ok,")), String.join("\n", csv));
    assertTrue(Files.size(sweep.resolve("report.html")) > 1000);
    JsonNode apps = masterState().path("completedapps");
    assertEquals("fedspark sweep", apps.get(apps.size() - 1).path("name").asText(), apps.toPrettyString());
  }

  // --- the job ----------------------------------------------------------------------------------

  /**
   * {@code args} with {@code --verbose}: the refusal's cause (the SASL message) is in the exception
   * chain, which the logs show only with it (the error contract keeps first lines otherwise).
   */
  private static List<String> verbose(List<String> args) {
    List<String> v = new ArrayList<>(args);
    v.add("--verbose");
    return v;
  }

  private static List<String> train(Path run, int epochs) {
    return List.of("train", "--master", MASTER, "--set", "train.model=\"logreg:784-10\"", "--set", "train.epochs=" + epochs,
        "--set", "train.partitions=4", "--set", "run.dir=\"" + run + "\"");
  }

  private static void checkRunDirectory(Path run, int epochs) throws IOException {
    Path metrics = run.resolve("metrics.csv");
    assertTrue(Files.exists(metrics), "no " + metrics);
    List<String> lines = Files.readAllLines(metrics);
    assertEquals(epochs + 1, lines.size(), String.join("\n", lines));
    int column = List.of(lines.get(0).split(",")).indexOf("test_accuracy");
    assertTrue(column >= 0, "no test_accuracy column in " + lines.get(0));
    double lastTestAccuracy = Double.parseDouble(lines.get(epochs).split(",")[column]);
    assertTrue(lastTestAccuracy >= MIN_ACCURACY, String.join("\n", lines));
    String prov = Files.readString(run.resolve("provenance.json"));
    assertTrue(prov.contains("\"sparkMaster\" : \"" + MASTER + "\""), prov);
    assertTrue(prov.contains("\"testAccuracy\""), prov);
  }

  /** metrics.csv without the timing columns, the only ones allowed to differ between runs. */
  private static List<String> metricsWithoutTiming(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (!TIMING_COLUMNS.contains(header.get(i))) {
        keep.add(i);
      }
    }
    return lines.stream().map(l -> {
      String[] cells = l.split(",");
      return keep.stream().map(i -> cells[i]).collect(Collectors.joining(","));
    }).toList();
  }

  private static double accuracyIn(String output) {
    Matcher m = ACCURACY.matcher(output);
    assertTrue(m.find(), "no final accuracy line in:\n" + output);
    return Double.parseDouble(m.group(1)) / 100;
  }

  // --- the master -------------------------------------------------------------------------------

  private static JsonNode masterState() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(MASTER_JSON).timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode(), resp.body());
    return JSON.readTree(resp.body());
  }

  private static Set<String> driverIds(JsonNode state) {
    Set<String> ids = new HashSet<>();
    for (String list : List.of("activedrivers", "completeddrivers")) {
      state.path(list).forEach(d -> ids.add(d.path("id").asText()));
    }
    return ids;
  }

  private static String awaitNewDriver(Set<String> before, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> ids = driverIds(masterState());
      ids.removeAll(before);
      if (!ids.isEmpty()) {
        assertEquals(1, ids.size(), "new drivers: " + ids);
        return ids.iterator().next();
      }
      Thread.sleep(500);
    }
    return fail("no new driver at " + MASTER_JSON + " within " + timeout);
  }

  /** Polls the master until the driver is in a final state; returns that state. */
  private static String awaitDriverEnd(String id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "unknown";
    while (System.nanoTime() < deadline) {
      JsonNode state = masterState();
      for (JsonNode d : state.path("completeddrivers")) {
        if (id.equals(d.path("id").asText())) {
          return d.path("state").asText();
        }
      }
      for (JsonNode d : state.path("activedrivers")) {
        if (id.equals(d.path("id").asText())) {
          last = d.path("state").asText();
        }
      }
      Thread.sleep(1000);
    }
    Optional<Path> dir = findDriverDirectory(id);
    return fail("driver " + id + " still " + last + " after " + timeout + "\n"
        + (dir.isPresent() ? tail(dir.get().resolve("stderr")) : "(no driver directory)"));
  }

  private static Optional<Path> findDriverDirectory(String id) throws IOException {
    try (Stream<Path> s = Files.find(STATE, 4, (p, a) -> a.isDirectory() && p.getFileName().toString().equals(id))) {
      return s.findFirst();
    }
  }

  private static Path driverDirectory(String id) throws IOException {
    return findDriverDirectory(id).orElseThrow(() -> new AssertionError("no work directory of " + id + " under " + STATE));
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  // --- processes --------------------------------------------------------------------------------

  private static Optional<Long> recordedPid(String name) {
    try {
      return Optional.of(Long.parseLong(Files.readString(STATE.resolve("pids/" + name + ".pid")).strip()));
    } catch (IOException | NumberFormatException none) {
      return Optional.empty();
    }
  }

  private static void rememberClusterProcesses() {
    for (String name : List.of("master", "worker-1", "worker-2")) {
      recordedPid(name).flatMap(ProcessHandle::of).ifPresent(h -> {
        clusterProcesses.add(h);
        h.descendants().forEach(clusterProcesses::add);
      });
    }
  }

  /** A daemon of this cluster (marked on its command line) or a JVM working inside its directories. */
  private static boolean belongsToCluster(ProcessHandle p) {
    if (p.info().arguments().map(a -> List.of(a).contains("-Dfedspark.cluster.dir=" + STATE)).orElse(false)) {
      return true;
    }
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(STATE);
    } catch (IOException | UnsupportedOperationException notReadable) {
      return false;
    }
  }

  /**
   * Alive and not a zombie. A killed daemon was reparented to PID 1, which reaps it only after a
   * while; until then ProcessHandle.isAlive() says true.
   */
  private static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | StringIndexOutOfBoundsException gone) {
      return p.isAlive();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().orElse("?");
  }

  private static Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("SPARK_CONF_DIR");
    pb.environment().put("FEDSPARK_CLUSTER_DIR", STATE.toString());
    pb.environment().put("FEDSPARK_DRIVER_MEMORY", "1g");
    pb.environment().putAll(env);
    return pb.start();
  }

  private static Run fedspark(List<String> args, Map<String, String> env, Duration timeout, Path log) throws Exception {
    Files.createDirectories(log.getParent());
    Process p = start(args, env, log);
    try {
      return await(p, log, timeout);
    } finally {
      destroyTree(p);
    }
  }

  private static Run await(Process p, Path log, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      destroyTree(p);
      fail("timed out after " + timeout + ": " + p.info().commandLine().orElse("launcher") + "\n" + tail(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
  }

  private static void awaitLine(Process p, Path log, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        fail("the job ended (exit " + p.exitValue() + ") before printing '" + text + "'\n" + tail(log));
      }
      Thread.sleep(100);
    }
    fail("no '" + text + "' within " + timeout + "\n" + tail(log));
  }

  private static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- " + file + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static void stopQuietly() {
    try {
      Path log = Files.createTempFile("fedspark-cluster-stop", ".log");
      fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofSeconds(60), log);
      Files.deleteIfExists(log);
    } catch (Exception | AssertionError e) {
      System.err.println("fedspark cluster stop failed: " + e);
    }
  }
}
