package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measuring JVM's command line, and a real child's exit code, log and echoed progress. */
class ChildJvmTest {

  @Test
  void commandCarriesTheHeapSparksModuleOptionsAndThePinningOptions(@TempDir Path dir) {
    List<String> cmd = new ChildJvm(512, dir.resolve("log"), Duration.ofMinutes(1), List.of("-XX:TieredStopAtLevel=1"))
        .command(ChildJvmTest.class, List.of("a", "b"));
    assertTrue(cmd.get(0).endsWith("/bin/java"), cmd.get(0));
    assertEquals("-Xmx512m", cmd.get(1));
    assertTrue(cmd.contains("-XX:G1HeapRegionSize=16m"), cmd.toString());
    assertTrue(cmd.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), cmd.toString());
    assertTrue(cmd.contains("-XX:GCLockerRetryAllocationCount=100"), cmd.toString());
    int cp = cmd.indexOf("-cp");
    assertEquals("-XX:TieredStopAtLevel=1", cmd.get(cp - 1), "extra options come last, before the class path");
    assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
    assertEquals(List.of(ChildJvmTest.class.getName(), "a", "b"), cmd.subList(cp + 2, cmd.size()));
  }

  @Test
  void runsAChildAndEchoesItsProgressLines(@TempDir Path dir) throws Exception {
    ChildJvm jvm = new ChildJvm(64, dir.resolve("child.log"), Duration.ofMinutes(1), List.of());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = jvm.run(Child.class, List.of("3"), new PrintStream(progress, true, StandardCharsets.UTF_8), "> ");
    assertEquals(3, code);
    String echoed = progress.toString(StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("> \\[child\\] max heap (\\d+) MB\n").matcher(echoed);
    assertTrue(m.matches(), "only the progress line is echoed, with the prefix: " + echoed);
    int heap = Integer.parseInt(m.group(1));
    assertTrue(heap > 32 && heap <= 64, "the child runs with -Xmx64m: " + heap + " MB");
    assertTrue(jvm.tail(5).contains("plain line"), jvm.tail(5));
  }

  /** A child that prints one progress line, one plain line, and exits with its argument. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("[child] max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
      System.out.println("plain line");
      System.exit(Integer.parseInt(args[0]));
    }
  }
}
