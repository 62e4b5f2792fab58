package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CI's entry point, {@code .ci/run}, runs exactly the test command the README gives ("Run the
 * tests"): the whole suite on the default Spark line; the README also gives the Spark 4 pass.
 */
@Tag("line-independent")
class CiCommandTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    int section = indexOfLineStartingWith(readme, "Run the tests", 0);
    assertTrue(section >= 0, "README.md has a 'Run the tests' paragraph");
    String command = null;
    for (String line : readme.subList(section, readme.size())) {
      if (line.startsWith("    mvn ")) {
        command = line.strip();
        break;
      }
    }
    assertTrue(command != null && command.startsWith("mvn -B") && command.contains("verify"),
        "README's test command runs the suite: " + command);
    assertTrue(readme.stream().anyMatch(l -> l.strip().equals("mvn -B -Pspark4 verify -Dtest.excludedGroups=line-independent")),
        "README gives the Spark 4 pass's command");

    List<String> ciMavenRuns = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
        .filter(l -> l.startsWith("mvn ") && !l.startsWith("mvn -B -v")).toList();
    assertEquals(List.of(command), ciMavenRuns, ".ci/run runs the README's test command and nothing else through Maven");
  }

  private static int indexOfLineStartingWith(List<String> lines, String prefix, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
