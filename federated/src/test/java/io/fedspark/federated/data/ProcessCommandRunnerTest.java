package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("line-independent")
class ProcessCommandRunnerTest {
  @TempDir Path dir;
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void capturesOutputAndErrorAndTheExitStatusInTheWorkingDirectory() throws IOException {
    CommandResult r = runner.run(
        List.of("sh", "-c", "echo out; echo err >&2; touch made; exit 3"), dir,
        Duration.ofSeconds(30));
    assertEquals(3, r.exitCode());
    assertFalse(r.timedOut());
    assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
    assertTrue(Files.exists(dir.resolve("made")));
  }

  @Test
  void killsACommandThatRunsPastItsTimeLimit() throws IOException {
    long start = System.nanoTime();
    CommandResult r = runner.run(List.of("sh", "-c", "echo started; sleep 60"), dir,
        Duration.ofMillis(300));
    // Generous bound: the command itself would take 60 s.
    assertTrue(System.nanoTime() - start < 30_000_000_000L);
    assertTrue(r.timedOut());
    assertFalse(r.succeeded());
  }

  @Test
  void findsProgramsOnThePath() {
    assertTrue(runner.isInstalled("sh"));
    assertFalse(runner.isInstalled("fedspark-no-such-program"));
    assertThrows(IOException.class, () -> runner.run(
        List.of("fedspark-no-such-program"), dir, Duration.ofSeconds(5)));
  }
}
