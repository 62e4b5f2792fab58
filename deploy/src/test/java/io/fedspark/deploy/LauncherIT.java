package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.deploy.LauncherProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs deploy/bin/fedspark as a user would, against the assembly and Spark kit this build just
 * packaged: spark-submit (embedded) in local mode, a real demo run, and a bad configuration.
 */
@Tag("e2e")
class LauncherIT {
  /** The Scala of the Spark line the project was built for: 2.12 (Spark 3.5), or 2.13 (Spark 4, -Pspark4). */
  private static final String SCALA = System.getProperty("fedspark.scala.binary.version", "2.12");
  private static final String LINE = SCALA.equals("2.12") ? "3.5" : "4";

  /** Runs the launcher to its end (10 minutes at most); its output goes to {@code dir}/launcher.log. */
  private static Run launch(Path dir, List<String> args) throws Exception {
    return LauncherProcess.fedspark(args).without("SPARK_HOME").env("FEDSPARK_DRIVER_MEMORY", "1500m")
        .run(dir.resolve("launcher.log"), Duration.ofMinutes(10));
  }

  @Test
  void versionReportsTheMathBackend(@TempDir Path dir) throws Exception {
    Run r = launch(dir, List.of("version"));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("fedspark 0.1.0-SNAPSHOT"), r.output());
    assertTrue(r.output().contains("math backend: native OpenBLAS"), r.output());
    assertTrue(r.output().contains("the Spark " + LINE + " / Scala " + SCALA + " build; dl4j "
        + (LINE.equals("3.5") ? "1.0.0-M2" : "not in this build (Spark 3.5 build only)")), r.output());
    assertTrue(r.output().contains("(scala " + SCALA + "."), "the Scala on the classpath: " + r.output());
  }

  @Test
  void demoRunsThroughSparkSubmitAndWritesProvenance(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("demo-run");
    Run r = launch(dir, List.of("demo", "--master", "local[2]", "--set", "run.dir=\"" + run + "\""));
    assertEquals(0, r.exit(), r.output());
    Matcher m = Pattern.compile("final test accuracy (\\d+\\.\\d+)%").matcher(r.output());
    assertTrue(m.find(), r.output());
    // a non-IID federated run of 12 short rounds: about 90% here
    assertTrue(Double.parseDouble(m.group(1)) >= 85.0, r.output());
    assertTrue(r.output().contains("[federate] round 12/12"), r.output());
    String prov = Files.readString(run.resolve("provenance.json"));
    assertTrue(prov.contains("\"sparkMaster\" : \"local[2]\""), prov);
    assertTrue(prov.contains("\"sparkBuild\" : \"Spark " + LINE + "."), prov);
    assertTrue(prov.contains(" / Scala " + SCALA + "\""), prov);
    assertTrue(prov.contains("\"scala\" : \"" + SCALA + "."), prov);
    assertTrue(Files.exists(run.resolve("metrics.csv")));
  }

  @Test
  void badConfigurationFailsWithExitTwoAndNoOutput(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("never");
    Run r = launch(dir, List.of("train", "--set", "train.optimizer.learning-rate=-0.5", "--set", "run.dir=\"" + run + "\""));
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("train.optimizer.learning-rate = -0.5"), r.output());
    assertFalse(r.output().contains("\tat "), "no stack trace: " + r.output());
    assertFalse(Files.exists(run));
  }

  /**
   * The DL4J engine is found through the registry of engines in the assembly (its service file
   * survives shading) in the Spark 3.5 build, and refused with the build that has it in the Spark 4
   * build: exit 2, one line, before any work.
   */
  @Test
  void theDl4jEngineIsInTheSpark35BuildOnly(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("never");
    Run r = launch(dir, List.of("train", "--set", "train.engine=dl4j", "--set", "train.mode=sync-gradient", "--set",
        "run.dir=\"" + run + "\""));
    assertEquals(2, r.exit(), r.output());
    if (LINE.equals("3.5")) {
      // DL4J's engine itself refuses what it cannot do
      assertTrue(r.output().contains("train.mode = 'sync-gradient': expected local-sgd with train.engine = dl4j"),
          r.output());
    } else {
      assertTrue(r.output().contains("train.engine = dl4j is available in the Spark 3.5 build only (this is the Spark 4"
          + " build: Spark 4."), r.output());
    }
    assertFalse(r.output().contains("\tat "), "no stack trace: " + r.output());
    assertFalse(Files.exists(run));
  }
}
