package io.fedspark.jobs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedspark.math.blas.OpenBlasCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launchers export for the driver, read from a job's command line as the job reads its configuration. */
class DriverEnvironmentTest {
  @TempDir
  Path dir;

  @Test
  void aPinFromSetFromAFileAndFromAnIncludedFileLastOneWinning() throws IOException {
    assertEquals(Optional.of(OpenBlasCore.HASWELL),
        DriverEnvironment.pinnedCore(List.of("federate", "--set", "math.openblas.core=Haswell", "--verbose")));
    assertEquals(Optional.of(OpenBlasCore.SKYLAKEX),
        DriverEnvironment.pinnedCore(List.of("train", "--set=math.openblas.core=\"skylakex\"")));
    Path inc = Files.writeString(dir.resolve("site.conf"), "math { openblas.core = Zen }\n");
    Path conf = Files.writeString(dir.resolve("job.conf"), "include required(file(\"" + inc + "\"))\nfederate.rounds = 2\n");
    assertEquals(Optional.of(OpenBlasCore.ZEN), DriverEnvironment.pinnedCore(List.of("federate", conf.toString())));
    assertEquals(Optional.of(OpenBlasCore.SANDYBRIDGE), DriverEnvironment.pinnedCore(List.of("demo", conf.toString(),
        "--resume", "somewhere", "--set", "math.openblas.core=Sandybridge")));
  }

  @Test
  void nothingForAutoStrictToolsAndConfigurationsThatDoNotLoad() throws IOException {
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of("federate")));
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of("federate", "--set", "math.openblas.core=strict")));
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of("sweep", "--set", "math.openblas.core=Haswell")));
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of()));
    // the job reports these itself
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of("train", "--set", "math.openblas.core=Haswel")));
    assertEquals(Optional.empty(), DriverEnvironment.pinnedCore(List.of("train", dir.resolve("missing.conf").toString(),
        "--set", "math.openblas.core=Haswell")));
  }
}
