package io.fedspark.deploy;

import static io.fedspark.deploy.ClusterTrainJob.MIN_ACCURACY;
import static io.fedspark.deploy.ClusterTrainJob.accuracyIn;
import static io.fedspark.deploy.ClusterTrainJob.checkRunDirectory;
import static io.fedspark.deploy.ClusterTrainJob.metricsWithoutTiming;
import static io.fedspark.deploy.ClusterTrainJob.train;
import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.LauncherProcess.tail;
import static io.fedspark.deploy.LockedDownCluster.JOB_TIMEOUT;
import static io.fedspark.deploy.LockedDownCluster.RUNS;
import static io.fedspark.deploy.LockedDownCluster.SUBMIT_ARGS;
import static io.fedspark.deploy.LockedDownCluster.assertSecretOnNoCommandLine;
import static io.fedspark.deploy.LockedDownCluster.awaitDriverEnd;
import static io.fedspark.deploy.LockedDownCluster.awaitNewDriver;
import static io.fedspark.deploy.LockedDownCluster.driverDirectory;
import static io.fedspark.deploy.LockedDownCluster.driverIds;
import static io.fedspark.deploy.LockedDownCluster.executorLogLines;
import static io.fedspark.deploy.LockedDownCluster.fedspark;
import static io.fedspark.deploy.StandaloneCluster.masterState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code fedspark train} on the cluster of {@link StandaloneClusterIT} in client and in cluster
 * deploy mode: both finish with the accuracy expected and the same metrics (same seed and
 * partitions); the client-mode run is the reference for the later ones. The cluster-mode driver
 * holds the secret on no command line, and the web UI's kill link does nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ClusterDeployModes {

  @Test
  @Order(1)
  void trainInClientDeployMode() throws Exception {
    int appsBefore = masterState().path("completedapps").size();
    long started = System.currentTimeMillis();
    Path run = RUNS.resolve("client");
    LauncherProcess.Run r = fedspark(train(run, 2), Map.of("FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), JOB_TIMEOUT,
        RUNS.resolve("client.log"));
    System.out.printf(Locale.ROOT, "client-mode job: %.1f s%n", seconds(r.took()));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("[train] epoch 2/2  train loss"), r.output());
    assertTrue(accuracyIn(r.output()) >= MIN_ACCURACY, r.output());
    checkRunDirectory(run, 2);
    ClusterTrainJob.referenceMetrics = metricsWithoutTiming(run);
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

  @Test
  @Order(2)
  void trainInClusterDeployMode() throws Exception {
    Set<String> driversBefore = driverIds(masterState());
    Path run = RUNS.resolve("cluster");
    long t0 = System.nanoTime();
    // spark-submit returns as soon as the master accepted the driver (and exits 0 even if the
    // driver later fails), so the outcome is the driver's state at the master.
    LauncherProcess.Run r = fedspark(train(run, 2), Map.of("FEDSPARK_SUBMIT_ARGS", "--deploy-mode cluster " + SUBMIT_ARGS),
        Duration.ofMinutes(2), RUNS.resolve("cluster-submit.log"));
    assertEquals(0, r.exit(), r.output());
    String driver = awaitNewDriver(driversBefore, Duration.ofSeconds(30));
    // The driver JVM a worker started (it reads the secret from the @file in spark.driver.extraJavaOptions).
    boolean seen = awaitCommandLine("/" + driver + "/", Duration.ofSeconds(60));
    if (seen) {
      assertSecretOnNoCommandLine("while a cluster-mode driver runs");
    }
    // The master's web UI has no authentication, so its kill links are off: this request is ignored.
    StandaloneCluster.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/driver/kill/?id=" + driver
        + "&terminate=true")).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build());
    String state = awaitDriverEnd(driver, JOB_TIMEOUT);
    Path driverDir = driverDirectory(driver);
    assertEquals("FINISHED", state, "driver " + driver + " ended " + state + "\n" + tail(driverDir.resolve("stderr")));
    assertTrue(seen, "the JVM of driver " + driver + " was never seen running");
    System.out.printf(Locale.ROOT, "cluster-mode job: %.1f s (submission %.1f s)%n",
        seconds(Duration.ofNanos(System.nanoTime() - t0)), seconds(r.took()));
    String stdout = Files.readString(driverDir.resolve("stdout"));
    assertTrue(accuracyIn(stdout) >= MIN_ACCURACY, stdout);
    checkRunDirectory(run, 2);
    if (ClusterTrainJob.referenceMetrics != null) {
      assertEquals(ClusterTrainJob.referenceMetrics, metricsWithoutTiming(run), "same seed and partitions, other deploy mode");
    }
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
}
