package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sha256, DataDirectory and CommandResult. */
@Tag("line-independent")
class SmallPiecesTest {
  @TempDir Path dir;

  @Test
  void sha256MatchesTheFipsTestVector() throws IOException {
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals(abc, Sha256.of(bytes));
    assertEquals(abc, Sha256.of(new ByteArrayInputStream(bytes)));
    Path file = Files.write(dir.resolve("abc.txt"), bytes);
    assertEquals(abc, Sha256.of(file));
  }

  @Test
  void dataDirectoryPrefersConfiguredThenEnvironmentThenHome() {
    Map<String, String> env = Map.of("FEDSPARK_DATA", "/env/data");
    assertEquals(Paths.get("/configured"), DataDirectory.resolve("/configured", env::get, "/home/u"));
    assertEquals(Paths.get("/env/data"), DataDirectory.resolve("  ", env::get, "/home/u"));
    assertEquals(Paths.get("/env/data"), DataDirectory.resolve(null, env::get, "/home/u"));
    assertEquals(Paths.get("/home/u/.cache/fedspark/datasets"),
        DataDirectory.resolve(null, Map.<String, String>of()::get, "/home/u"));
    assertEquals(Paths.get("/home/u/.cache/fedspark/datasets"),
        DataDirectory.resolve("", Map.of("FEDSPARK_DATA", " ")::get, "/home/u"));
    assertEquals(Paths.get("/home/u/d"), DataDirectory.resolve("~/d", env::get, "/home/u"));
  }

  @Test
  void commandResultKeepsTheLastLines() {
    CommandResult r = new CommandResult(List.of("a", "b"), 2, false, "one\n\ntwo\nthree\n");
    assertEquals("a b", r.commandLine());
    assertEquals("  two\n  three", r.outputTail(2));
    assertEquals(false, r.succeeded());
    assertEquals("  (no output)", new CommandResult(List.of("x"), 0, false, "").outputTail(3));
    assertEquals(false, new CommandResult(List.of("x"), 0, true, "").succeeded());
  }

  @Test
  void checksumsCoverEveryFileOfADataset() throws IOException {
    Files.write(dir.resolve("digits.csv"), "x".getBytes(StandardCharsets.US_ASCII));
    assertEquals(Map.of("digits.csv", Sha256.of("x".getBytes(StandardCharsets.US_ASCII))),
        DatasetChecksums.compute(DatasetId.DIGITS, dir));
  }
}
