package io.fedspark.deploy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.Timeout;

/**
 * End to end on a real Spark standalone cluster on this machine: {@code fedspark cluster start}
 * brings up a master and two workers (1 core, 1g each) from the build's Spark kit; jobs are
 * submitted through {@code fedspark} with the cluster's secret, in client and in cluster deploy mode,
 * against local-mode runs of the same jobs, while one worker and its executor are SIGKILLed
 * mid-run, and under chaos (executors, workers and drivers killed at random points); {@code fedspark cluster stop} must leave no process behind ({@link LockedDownCluster}).
 *
 * <p>The cluster is started once for all the test classes below, which run in this order on it
 * (the worker-kill test leaves one worker; the secret check needs every job's files):
 * {@link ClusterJobsMatchLocalRuns}, {@link ClusterDeployModes}, {@link ClusterFaultTolerance},
 * {@link ClusterChaos} (which first brings the lost worker back), {@link ClusterSecurity}.
 *
 * <p>Every wait has a timeout: a misconfigured executor makes a Spark application hang rather than
 * fail. Uses the fixed ports 7077, 8080 and 6066.
 */
@Tag("cluster")
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

  @BeforeAll
  static void startCluster() throws Exception {
    LockedDownCluster.start();
  }

  @AfterAll
  static void stopClusterAndCheckNothingIsLeft() throws Exception {
    LockedDownCluster.stopAndCheckNothingIsLeft();
  }

  @Nested
  @Order(1)
  class JobsMatchLocalRuns extends ClusterJobsMatchLocalRuns {}

  @Nested
  @Order(2)
  class DeployModes extends ClusterDeployModes {}

  @Nested
  @Order(3)
  class FaultTolerance extends ClusterFaultTolerance {}

  @Nested
  @Order(4)
  class Chaos extends ClusterChaos {}

  @Nested
  @Order(5)
  class Security extends ClusterSecurity {}
}
