package io.fedspark.federated.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file names of one dataset in a dataset directory. The canonical names are those the fetched
 * packages ship: MNIST's raw IDX files ({@code train-images-idx3-ubyte}, ...), Fashion-MNIST's
 * gzipped ones ({@code train-images-idx3-ubyte.gz}, ...) and {@code digits.csv.gz}. A directory
 * filled by hand may hold either form: {@link #locate} tries the canonical name, then the other
 * form (with or without {@code .gz}); the readers detect gzip by content anyway.
 */
public final class DatasetFiles {
  private static final String GZ = ".gz";

  private final DatasetId dataset;
  private final boolean gzipped;

  private DatasetFiles(DatasetId dataset, boolean gzipped) {
    this.dataset = dataset;
    this.gzipped = gzipped;
  }

  /**
   * Returns the file names of a dataset.
   *
   * @param dataset the dataset
   * @return its file names
   */
  public static DatasetFiles of(DatasetId dataset) {
    boolean gzipped = switch (dataset) {
      case MNIST -> false;
      case FASHION_MNIST, DIGITS -> true;
    };
    return new DatasetFiles(dataset, gzipped);
  }

  /** @return the dataset these names belong to */
  public DatasetId dataset() {
    return dataset;
  }

  /**
   * Returns the name under which a fetched package ships a file.
   *
   * @param file one of {@link DatasetId#files()} of this dataset
   * @return e.g. {@code train-images-idx3-ubyte.gz} for Fashion-MNIST
   */
  public String canonicalName(DatasetFile file) {
    if (!dataset.files().contains(file)) {
      throw new IllegalArgumentException(
          dataset + " has no " + file + " file: its files are " + dataset.files());
    }
    return gzipped ? file.baseName() + GZ : file.baseName();
  }

  /** @return the canonical names of all the dataset's files, in {@link DatasetId#files()} order */
  public List<String> canonicalNames() {
    List<String> names = new ArrayList<>();
    for (DatasetFile file : dataset.files()) {
      names.add(canonicalName(file));
    }
    return List.copyOf(names);
  }

  /**
   * Returns the names a file may have, preferred first: the canonical name, then the same name with
   * {@code .gz} added or removed.
   *
   * @param file one of the dataset's files
   * @return two candidate names
   */
  public List<String> candidateNames(DatasetFile file) {
    String canonical = canonicalName(file);
    String other = canonical.endsWith(GZ)
        ? canonical.substring(0, canonical.length() - GZ.length())
        : canonical + GZ;
    return List.of(canonical, other);
  }

  /**
   * Picks the first candidate name that exists.
   *
   * @param file one of the dataset's files
   * @param exists tells whether a file of the given name exists in the directory
   * @return the existing name, or empty if neither exists
   */
  public Optional<String> locate(DatasetFile file, Predicate<String> exists) {
    for (String name : candidateNames(file)) {
      if (exists.test(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #locate}, but a missing file is an error.
   *
   * @param file one of the dataset's files
   * @param exists tells whether a file of the given name exists in the directory
   * @param directory the directory's name for the message
   * @return the existing name
   * @throws FileNotFoundException naming the directory and both names tried
   */
  public String require(DatasetFile file, Predicate<String> exists, String directory)
      throws FileNotFoundException {
    Optional<String> found = locate(file, exists);
    if (found.isEmpty()) {
      List<String> names = candidateNames(file);
      throw new FileNotFoundException(
          directory + ": " + dataset + " file " + names.get(0) + " not found (nor "
              + names.get(1) + "); fetch the dataset or point the data directory at a copy");
    }
    return found.get();
  }

  /**
   * Like {@link #require(DatasetFile, Predicate, String)} for a file in {@code directory}.
   *
   * @throws FileNotFoundException naming the directory and both names tried
   * @throws IOException if the directory cannot be listed
   */
  public String require(DatasetFile file, DatasetDirectory directory) throws IOException {
    try {
      return require(file, name -> {
        try {
          return directory.exists(name);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, directory.describe(""));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
