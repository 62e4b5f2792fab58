package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("line-independent")
class LocalDatasetLoaderTest {
  @TempDir Path dir;

  /** Writes a tiny MNIST-like directory: 3 train and 2 test images of 4x4. */
  static void writeIdxDataset(Path dir, boolean gzipped) throws IOException {
    Files.createDirectories(dir);
    String gz = gzipped ? ".gz" : "";
    write(dir.resolve("train-images-idx3-ubyte" + gz), Fixtures.images(3, 4, 4), gzipped);
    write(dir.resolve("train-labels-idx1-ubyte" + gz), Fixtures.labels(5, 0, 9), gzipped);
    write(dir.resolve("t10k-images-idx3-ubyte" + gz), Fixtures.images(2, 4, 4), gzipped);
    write(dir.resolve("t10k-labels-idx1-ubyte" + gz), Fixtures.labels(7, 2), gzipped);
  }

  private static void write(Path file, byte[] bytes, boolean gzipped) throws IOException {
    Files.write(file, gzipped ? Fixtures.gzip(bytes) : bytes);
  }

  @Test
  void loadsTrainAndTestFromPlainOrGzippedNames() throws IOException {
    writeIdxDataset(dir.resolve("plain"), false);
    writeIdxDataset(dir.resolve("gz"), true);
    for (String variant : new String[] {"plain", "gz"}) {
      LocalDatasetLoader loader = new LocalDatasetLoader(dir.resolve(variant));
      for (DatasetId id : new DatasetId[] {DatasetId.MNIST, DatasetId.FASHION_MNIST}) {
        LabeledDataset train = loader.load(id, DatasetSplit.TRAIN);
        LabeledDataset test = loader.load(id, DatasetSplit.TEST);
        assertEquals(id.configName() + "-train", train.name());
        assertArrayEquals(new int[] {5, 0, 9}, train.labels(), variant);
        assertArrayEquals(new int[] {1, 4, 4}, train.shape());
        assertArrayEquals(new int[] {7, 2}, test.labels(), variant);
        assertEquals(1f, train.feature(0, 1), 0f);
      }
    }
  }

  @Test
  void loadsTheDigitsAsOneSetOnly() throws IOException {
    String text = Fixtures.digitsLine(0, 4) + "\n" + Fixtures.digitsLine(1, 8) + "\n";
    Files.write(dir.resolve("digits.csv.gz"), Fixtures.gzip(text.getBytes(StandardCharsets.UTF_8)));
    LocalDatasetLoader loader = new LocalDatasetLoader(dir);
    LabeledDataset all = loader.load(DatasetId.DIGITS, DatasetSplit.ALL);
    assertEquals("digits", all.name());
    assertArrayEquals(new int[] {4, 8}, all.labels());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loader.load(DatasetId.DIGITS, DatasetSplit.TRAIN));
    assertEquals("digits has no TRAIN split: expected one of [ALL] (load ALL and split it"
        + " yourself)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loader.load(DatasetId.MNIST,
        DatasetSplit.ALL));
  }

  @Test
  void aMissingFileNamesTheDirectoryAndTheFile() throws IOException {
    writeIdxDataset(dir, false);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    LocalDatasetLoader loader = new LocalDatasetLoader(dir);
    assertEquals(3, loader.load(DatasetId.MNIST, DatasetSplit.TRAIN).size());
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> loader.load(DatasetId.MNIST, DatasetSplit.TEST));
    assertTrue(e.getMessage().startsWith(dir + ": mnist file t10k-labels-idx1-ubyte not found"),
        e.getMessage());
  }

  @Test
  void formatErrorsNameTheFullPath() throws IOException {
    writeIdxDataset(dir, false);
    Files.write(dir.resolve("train-labels-idx1-ubyte"), Fixtures.labels(1, 2));
    DatasetFormatException e = assertThrows(DatasetFormatException.class,
        () -> new LocalDatasetLoader(dir).load(DatasetId.MNIST, DatasetSplit.TRAIN));
    assertEquals(dir.resolve("train-images-idx3-ubyte") + " has 3 records but "
        + dir.resolve("train-labels-idx1-ubyte") + " has 2: expected one label per image",
        e.getMessage());
  }
}
