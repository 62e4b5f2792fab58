package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers give the driver the OpenBLAS kernel set a job pins with {@code math.openblas.core}
 * (deploy/lib/openblas-core.sh): {@code OPENBLAS_CORETYPE} in the environment of the spark-submit
 * JVM, over the caller's, from a {@code --set} or a configuration file; nothing for {@code auto}
 * and {@code strict}; and {@code fedspark-submit} passes it to YARN's and Kubernetes' drivers and
 * executors. Checked with a spark-submit that records its arguments and that variable.
 */
@Tag("e2e")
class OpenBlasPinLauncherIT {
  private static final Path LAUNCHER = LauncherProcess.FEDSPARK;
  private static final Path SUBMIT = LauncherProcess.FEDSPARK_SUBMIT;
  private static final String RECORDING_SPARK_SUBMIT = """
      #!/usr/bin/env bash
      printf '%s\\n' "$@" > "$SPARK_HOME/args"
      printf '%s\\n' "${OPENBLAS_CORETYPE:-<unset>}" > "$SPARK_HOME/coretype"
      """;

  @TempDir
  Path tmp;

  @Test
  void aPinnedSetReachesTheDriverOverTheCallersValue() throws Exception {
    Path home = sparkHome();
    assertEquals("Haswell", driverSet(home, null, "federate", "--set", "math.openblas.core=haswell"));
    assertEquals("SkylakeX", driverSet(home, "Zen", "train", "--set", "math.openblas.core=SkylakeX"));
    Path conf = Files.writeString(tmp.resolve("job.conf"), "math { openblas { core = Sandybridge } }\n");
    assertEquals("Sandybridge", driverSet(home, null, "federate", conf.toString()));
  }

  @Test
  void autoAndStrictLeaveTheCallersValueAlone() throws Exception {
    Path home = sparkHome();
    assertEquals("<unset>", driverSet(home, null, "federate"));
    assertEquals("Zen", driverSet(home, "Zen", "federate", "--set", "math.openblas.core=strict"));
    // not loadable: the job itself reports it
    assertEquals("<unset>", driverSet(home, null, "federate", "--set", "math.openblas.core=Haswel"));
  }

  @Test
  void fedsparkSubmitPassesThePinToYarnAndKubernetesDriversAndExecutors() throws Exception {
    Path home = sparkHome();
    run(List.of(SUBMIT.toString(), "yarn", "--", "federate", "--set", "math.openblas.core=Haswell"), home, null);
    List<String> yarn = Files.readAllLines(home.resolve("args"));
    assertTrue(yarn.contains("spark.executorEnv.OPENBLAS_CORETYPE=Haswell"), yarn.toString());
    assertTrue(yarn.contains("spark.yarn.appMasterEnv.OPENBLAS_CORETYPE=Haswell"), yarn.toString());
    assertEquals("Haswell", Files.readString(home.resolve("coretype")).strip(), "the client-mode driver");
    run(List.of(SUBMIT.toString(), "k8s", "--master", "k8s://https://h:6443", "--image", "i", "--", "train", "--set",
        "math.openblas.core=Zen"), home, "Haswell");
    List<String> k8s = Files.readAllLines(home.resolve("args"));
    assertTrue(k8s.contains("spark.kubernetes.driverEnv.OPENBLAS_CORETYPE=Zen"), k8s.toString());
    assertTrue(k8s.contains("spark.executorEnv.OPENBLAS_CORETYPE=Zen"), k8s.toString());
    run(List.of(SUBMIT.toString(), "yarn", "--", "federate"), home, null);
    assertFalse(String.join("\n", Files.readAllLines(home.resolve("args"))).contains("OPENBLAS_CORETYPE"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** The OPENBLAS_CORETYPE the (recording) spark-submit got from deploy/bin/fedspark. */
  private String driverSet(Path home, String callers, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    run(cmd, home, callers);
    return Files.readString(home.resolve("coretype")).strip();
  }

  private Path sparkHome() throws IOException {
    Path home = tmp.resolve("spark");
    Files.createDirectories(home.resolve("conf"));
    Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
    Files.writeString(submit, RECORDING_SPARK_SUBMIT);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private void run(List<String> cmd, Path home, String callersCoreType) throws Exception {
    Files.deleteIfExists(home.resolve("coretype"));
    LauncherProcess.Run r = LauncherProcess.command(cmd).without("SPARK_CONF_DIR", "FEDSPARK_SUBMIT_ARGS")
        .env("SPARK_HOME", home.toString()).env("OPENBLAS_CORETYPE", callersCoreType)
        .run(tmp.resolve("launcher.log"), Duration.ofMinutes(2));
    assertEquals(0, r.exit(), r.output());
  }
}
