package io.fedspark.deploy;

import static io.fedspark.deploy.ClusterTrainJob.train;
import static io.fedspark.deploy.ClusterTrainJob.verbose;
import static io.fedspark.deploy.LauncherProcess.await;
import static io.fedspark.deploy.LauncherProcess.awaitLine;
import static io.fedspark.deploy.LauncherProcess.seconds;
import static io.fedspark.deploy.LockedDownCluster.RUNS;
import static io.fedspark.deploy.LockedDownCluster.SECRET_FILE;
import static io.fedspark.deploy.LockedDownCluster.STATE;
import static io.fedspark.deploy.LockedDownCluster.SUBMIT_ARGS;
import static io.fedspark.deploy.StandaloneCluster.masterState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster of {@link StandaloneClusterIT} refuses submissions without its secret (no
 * {@code spark.authenticate}, a wrong secret, client and cluster deploy mode) with Spark's
 * authentication errors, and after all the jobs of the other test classes, the secret is in no file
 * but its own. Runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ClusterSecurity {
  /** A refused application fails its first connection within seconds; cluster-mode spark-submit then exits. */
  private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(90);

  /**
   * Launchers that cannot read the cluster's secret (pointed at another, empty state directory, as
   * another user's would be) submit without it: the master refuses them with Spark's SASL errors,
   * and registers neither an application nor a driver. The three run at once.
   */
  @Test
  @Order(1)
  void submissionsWithoutTheClustersSecretAreRefused() throws Exception {
    JsonNode before = masterState();
    String elsewhere = Files.createDirectories(RUNS.resolve("no-secret-state")).toString();
    Path noAuthLog = RUNS.resolve("refused-no-auth.log");
    Path wrongLog = RUNS.resolve("refused-wrong-secret.log");
    Path clusterLog = RUNS.resolve("refused-cluster-mode.log");
    List<Process> started = new ArrayList<>();
    try {
      Process noAuth = LockedDownCluster.start(verbose(train(RUNS.resolve("refused-no-auth"), 1)),
          Map.of("FEDSPARK_CLUSTER_DIR", elsewhere, "FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS), noAuthLog);
      started.add(noAuth);
      Process wrong = LockedDownCluster.start(verbose(train(RUNS.resolve("refused-wrong-secret"), 1)),
          Map.of("FEDSPARK_CLUSTER_DIR", elsewhere, "FEDSPARK_SUBMIT_ARGS", SUBMIT_ARGS
              + " --conf spark.authenticate=true --conf spark.authenticate.secret=" + "0".repeat(64)), wrongLog);
      started.add(wrong);
      Process clusterMode = LockedDownCluster.start(verbose(train(RUNS.resolve("refused-cluster-mode"), 1)),
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
      LauncherProcess.Run r = await(clusterMode, clusterLog, REFUSAL_TIMEOUT);
      System.out.printf(Locale.ROOT, "3 submissions without the secret refused within %.1f s%n",
          seconds(Duration.ofNanos(System.nanoTime() - t0)));
      assertEquals(1, r.exit(), r.output());
      assertTrue(r.output().contains("Expected SaslMessage, received something else"), r.output());
    } finally {
      started.forEach(LauncherProcess::destroyTree);
    }
    JsonNode after = masterState();
    for (String list : List.of("activeapps", "completedapps", "activedrivers", "completeddrivers")) {
      assertEquals(before.path(list).size(), after.path(list).size(), list + " after refused submissions:\n" + after.toPrettyString());
    }
  }

  /** Runs last: every file the cluster and its jobs wrote, except the secret file, is free of the secret. */
  @Test
  @Order(2)
  void theSecretIsInNoOtherFile() throws IOException {
    assertTrue(contains(SECRET_FILE, LockedDownCluster.secret()), "the scan finds the secret where it is");
    List<Path> holding = new ArrayList<>();
    for (Path dir : List.of(STATE, RUNS)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (!f.equals(SECRET_FILE) && !f.toString().endsWith(".jar") && contains(f, LockedDownCluster.secret())) {
            holding.add(f);
          }
        }
      }
    }
    assertEquals(List.of(), holding, "files holding the cluster's secret");
  }

  /**
   * Whether {@code file} contains {@code text} (ASCII), read in 1 MiB chunks that overlap by the
   * text's length: the directories hold 184 MB copies of the assembly (the jar cache of executors
   * killed by the chaos test, never cleaned up), which would not fit this JVM's heap whole.
   */
  private static boolean contains(Path file, String text) throws IOException {
    int overlap = text.length() - 1;
    byte[] buf = new byte[(1 << 20) + overlap];
    int kept = 0;
    try (var in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf, kept, buf.length - kept)) > 0; ) {
        int len = kept + n;
        if (new String(buf, 0, len, StandardCharsets.ISO_8859_1).contains(text)) {
          return true;
        }
        kept = Math.min(overlap, len);
        System.arraycopy(buf, len - kept, buf, 0, kept);
      }
    }
    return false;
  }
}
