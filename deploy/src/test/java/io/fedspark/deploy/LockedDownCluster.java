package io.fedspark.deploy;

import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.LauncherProcess.tail;
import static io.fedspark.deploy.StandaloneCluster.MASTER;
import static io.fedspark.deploy.StandaloneCluster.MASTER_JSON;
import static io.fedspark.deploy.StandaloneCluster.listening;
import static io.fedspark.deploy.StandaloneCluster.masterState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cluster of {@link StandaloneClusterIT}, started once for all its test classes: {@code fedspark
 * cluster start --workers 2} (a master and two workers, 1 core and 1g each, from the build's Spark
 * kit), checked to be locked down (its secret in a file of mode 600, authentication on, the REST
 * submission port closed), and {@code fedspark cluster stop}, checked to leave no process, port, PID
 * file or secret behind. It also tracks the cluster's processes and drivers for the tests.
 */
final class LockedDownCluster {
  static final StandaloneCluster CLUSTER = new StandaloneCluster(LauncherProcess.BUILD.resolve("cluster-it"));
  static final Path STATE = CLUSTER.state();
  /** Launcher logs and run directories, kept for a look after a failure. */
  static final Path RUNS = LauncherProcess.BUILD.resolve("cluster-it-runs");
  /** JVM argument file with spark.authenticate=true and the cluster's secret. */
  static final Path SECRET_FILE = STATE.resolve("secret.args");
  /** Executors must fit 1g workers; the cluster-mode driver takes one whole worker. */
  static final String SUBMIT_ARGS = "--conf spark.executor.memory=512m";
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  private static final int[] PORTS = {7077, 8080, 6066};
  private static final int REST_PORT = 6066;
  private static final Pattern SECRET = Pattern.compile("(?m)^-Dspark\\.authenticate\\.secret=([0-9a-f]{64})$");

  /** The running cluster's secret, read in start. */
  private static String secret;
  /**
   * Every process of the cluster seen during the tests: none may outlive {@code cluster stop}. A
   * handle remembers its start time, so a PID reused later by another process does not count.
   */
  private static final List<ProcessHandle> clusterProcesses = new ArrayList<>();
  private static final Thread STOP_ON_EXIT = new Thread(LockedDownCluster::stopQuietly, "stop fedspark cluster");

  private LockedDownCluster() {}

  /** {@code fedspark args} against the cluster, logging to {@code log}. */
  static LauncherProcess.Run fedspark(List<String> args, Map<String, String> env, Duration timeout, Path log) throws Exception {
    return CLUSTER.fedspark(args).env(env).run(log, timeout);
  }

  /** Starts {@code fedspark args} against the cluster without waiting. */
  static Process start(List<String> args, Map<String, String> env, Path log) throws IOException {
    return CLUSTER.fedspark(args).env(env).start(log);
  }

  static void start() throws Exception {
    // A cluster left over from an interrupted run of this test would be reused by "start".
    stopQuietly();
    StandaloneCluster.recreate(RUNS);
    Runtime.getRuntime().addShutdownHook(STOP_ON_EXIT);
    StandaloneCluster.assertPortsFree(PORTS);
    LauncherProcess.Run r = fedspark(List.of("cluster", "start", "--workers", "2"), Map.of(), Duration.ofSeconds(120),
        RUNS.resolve("start.log"));
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

    LauncherProcess.Run status = fedspark(List.of("cluster", "status"), Map.of(), Duration.ofSeconds(30),
        RUNS.resolve("status.log"));
    assertEquals(0, status.exit(), status.output());
    assertTrue(status.output().contains("master   " + MASTER + "  ALIVE"), status.output());
    assertTrue(status.output().contains("security authentication on (spark.authenticate, secret in " + SECRET_FILE
        + ", mode 600); REST submission off; bound to 127.0.0.1"), status.output());
    assertEquals(2, status.output().lines().filter(l -> l.startsWith("worker-") && l.contains(" ALIVE ")).count(),
        status.output());

    LauncherProcess.Run again = fedspark(List.of("cluster", "start"), Map.of(), Duration.ofSeconds(30),
        RUNS.resolve("start-again.log"));
    assertEquals(0, again.exit(), again.output());
    assertTrue(again.output().contains("already running at " + MASTER), again.output());
    assertEquals(secret, readSecret(), "a second start keeps the running cluster's secret");
  }

  static void stopAndCheckNothingIsLeft() throws Exception {
    rememberClusterProcesses();
    LauncherProcess.Run r = fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofSeconds(60), RUNS.resolve("stop.log"));
    try {
      Runtime.getRuntime().removeShutdownHook(STOP_ON_EXIT);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    assertEquals(0, r.exit(), r.output());
    List<String> left = new ArrayList<>();
    clusterProcesses.stream().filter(LockedDownCluster::running).forEach(p -> left.add(describe(p)));
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
    LauncherProcess.Run quiet = fedspark(List.of("cluster", "stop"), Map.of(), Duration.ofSeconds(30),
        RUNS.resolve("stop-again.log"));
    assertEquals(0, quiet.exit(), quiet.output());
    assertEquals("", quiet.output().strip(), "stop when not running is quiet");
  }

  private static void stopQuietly() {
    try {
      Path log = Files.createTempFile("fedspark-cluster-stop", ".log");
      CLUSTER.stopQuietly(log);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      System.err.println("fedspark cluster stop failed: " + e);
    }
  }

  /**
   * {@code fedspark cluster start} on the running cluster: a worker whose process is gone is started
   * again as it was first started; checks that {@code expected} workers were restarted (none: the
   * start is the quiet "already running") and that 2 workers are ALIVE afterwards.
   */
  static void restartLostWorkers(List<String> expected, Path log) throws Exception {
    LauncherProcess.Run r = fedspark(List.of("cluster", "start"), Map.of(), Duration.ofSeconds(120), log);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("already running at " + MASTER), r.output());
    if (expected.isEmpty()) {
      assertFalse(r.output().contains("restarted lost worker"), r.output());
    } else {
      assertTrue(r.output().contains("restarted lost worker(s) " + String.join(" ", expected)), r.output());
    }
    assertEquals(2, masterState().path("aliveworkers").asInt(), masterState().toPrettyString());
    assertEquals(secret, readSecret(), "a restart of lost workers keeps the running cluster's secret");
    rememberClusterProcesses();
  }

  // --- the secret -------------------------------------------------------------------------------

  /** The running cluster's secret. */
  static String secret() {
    return secret;
  }

  private static String readSecret() throws IOException {
    Matcher m = SECRET.matcher(Files.readString(SECRET_FILE));
    assertTrue(m.find(), "no spark.authenticate.secret of 64 hex digits in " + SECRET_FILE);
    return m.group(1);
  }

  /** No process's command line (what ps shows, /proc/PID/cmdline) holds the secret. */
  static void assertSecretOnNoCommandLine(String when) throws IOException {
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

  // --- drivers and executors --------------------------------------------------------------------

  static Set<String> driverIds(JsonNode state) {
    Set<String> ids = new HashSet<>();
    for (String list : List.of("activedrivers", "completeddrivers")) {
      state.path(list).forEach(d -> ids.add(d.path("id").asText()));
    }
    return ids;
  }

  static String awaitNewDriver(Set<String> before, Duration timeout) throws Exception {
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
  static String awaitDriverEnd(String id, Duration timeout) throws Exception {
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

  static Path driverDirectory(String id) throws IOException {
    return findDriverDirectory(id).orElseThrow(() -> new AssertionError("no work directory of " + id + " under " + STATE));
  }

  /** Lines containing {@code text} in the stderr of executors the workers started since {@code sinceMillis}. */
  static List<String> executorLogLines(long sinceMillis, String text) throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.find(STATE, 6, (f, a) -> f.getFileName().toString().equals("stderr")
        && f.toString().contains("/work/app-") && a.lastModifiedTime().toMillis() >= sinceMillis)) {
      for (Path f : files.toList()) {
        Files.readAllLines(f).stream().filter(l -> l.contains(text)).forEach(lines::add);
      }
    }
    return lines;
  }

  // --- processes --------------------------------------------------------------------------------

  /** The worker daemon's process, if it runs. */
  static Optional<ProcessHandle> worker(String name) {
    return CLUSTER.recordedPid(name).flatMap(ProcessHandle::of);
  }

  /** Counts {@code p} among the cluster's processes that must not outlive {@code cluster stop}. */
  static void remember(ProcessHandle p) {
    clusterProcesses.add(p);
  }

  private static void rememberClusterProcesses() {
    for (String name : List.of("master", "worker-1", "worker-2")) {
      CLUSTER.recordedPid(name).flatMap(ProcessHandle::of).ifPresent(h -> {
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
  static boolean running(ProcessHandle p) {
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

  static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().orElse("?");
  }
}
