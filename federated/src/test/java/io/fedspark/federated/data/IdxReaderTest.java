package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("line-independent")
class IdxReaderTest {
  @TempDir Path dir;

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static DatasetFormatException imagesError(byte[] bytes, String source) {
    return assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(in(bytes), source));
  }

  private static DatasetFormatException labelsError(byte[] bytes, String source) {
    return assertThrows(
        DatasetFormatException.class, () -> IdxReader.readLabels(in(bytes), source, 10));
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }
  }

  @Test
  void readsPlainAndGzippedImageFilesExactly() throws IOException {
    byte[] plain = Fixtures.images(3, 2, 4);
    Files.write(dir.resolve("imgs"), plain);
    Files.write(dir.resolve("imgs.gz"), Fixtures.gzip(plain));
    byte[] pixels = Fixtures.pixels(24);
    float[] expected = new float[24];
    for (int i = 0; i < 24; i++) {
      expected[i] = (pixels[i] & 0xff) / 255f;
    }
    for (String name : new String[] {"imgs", "imgs.gz"}) {
      try (InputStream in = Files.newInputStream(dir.resolve(name))) {
        IdxImages images = IdxReader.readImages(in, name);
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.cols());
        assertEquals(8, images.pixelsPerImage());
        assertArrayEquals(expected, images.pixels(), 0f, name);
      }
    }
    assertEquals(0f, expected[0]);
    assertEquals(1f, expected[1]);
  }

  @Test
  void readsPlainAndGzippedLabelFilesExactly() throws IOException {
    byte[] plain = Fixtures.labels(0, 9, 3, 3, 7);
    assertArrayEquals(new int[] {0, 9, 3, 3, 7}, IdxReader.readLabels(in(plain), "l", 10));
    assertArrayEquals(
        new int[] {0, 9, 3, 3, 7}, IdxReader.readLabels(in(Fixtures.gzip(plain)), "l.gz", 10));
  }

  @Test
  void readsImagesAndLabelsIntoOneDataset() throws IOException {
    LabeledDataset data = IdxReader.readDataset(
        "tiny", in(Fixtures.images(3, 2, 4)), "imgs", in(Fixtures.gzip(Fixtures.labels(4, 0, 2))),
        "lbls", 5);
    assertEquals("tiny", data.name());
    assertEquals(3, data.size());
    assertArrayEquals(new int[] {1, 2, 4}, data.shape());
    assertEquals(8, data.featureCount());
    assertEquals(5, data.numClasses());
    assertArrayEquals(new int[] {4, 0, 2}, data.labels());
    assertEquals(1f, data.feature(0, 1));
  }

  @Test
  void leavesTheCallersStreamOpen() throws IOException {
    boolean[] closed = {false};
    InputStream tracking = new ByteArrayInputStream(Fixtures.gzip(Fixtures.labels(1, 2))) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    IdxReader.readLabels(tracking, "l", 10);
    assertEquals(false, closed[0]);
  }

  @Test
  void rejectsAFileThatIsNotIdx() {
    byte[] bytes = Fixtures.idx(0x12345678, new int[] {1, 1, 1}, new byte[1]);
    assertContains(imagesError(bytes, "junk.bin").getMessage(),
        "junk.bin", "not an IDX file", "0x12345678", "expected magic 0x00000803");
  }

  @Test
  void rejectsAnUnsupportedDataType() {
    byte[] bytes = Fixtures.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]);
    assertContains(imagesError(bytes, "floats").getMessage(),
        "floats", "data type 0x0D (float)", "expected magic 0x00000803");
  }

  @Test
  void rejectsAWrongDimensionCountInBothDirections() {
    String asImages = imagesError(Fixtures.labels(1, 2, 3), "train-labels").getMessage();
    assertContains(asImages, "train-labels", "0x00000801", "declares 1 dimension",
        "expected magic 0x00000803", "is this a label file?");
    String asLabels = labelsError(Fixtures.images(1, 2, 2), "train-images").getMessage();
    assertContains(asLabels, "train-images", "declares 3 dimensions",
        "expected magic 0x00000801", "is this an image file?");
  }

  @Test
  void rejectsZeroAndNegativeDimensions() {
    assertContains(
        imagesError(Fixtures.idx(IdxReader.IMAGES_MAGIC, new int[] {2, 0, 3}, new byte[0]), "z")
            .getMessage(),
        "z: rows is 0", "expected a positive size");
    assertContains(
        imagesError(Fixtures.idx(IdxReader.IMAGES_MAGIC, new int[] {-5, 2, 3}, new byte[0]), "n")
            .getMessage(),
        "n: record count is -5", "header bytes 4..7");
    assertContains(
        labelsError(Fixtures.idx(IdxReader.LABELS_MAGIC, new int[] {0}, new byte[0]), "e")
            .getMessage(),
        "e: record count is 0");
  }

  @Test
  void rejectsImpossiblyLargeDeclaredSizesWithoutAllocating() {
    byte[] bytes = Fixtures.idx(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28},
        new byte[0]);
    assertContains(imagesError(bytes, "huge").getMessage(), "huge", "2147483647 x 28 x 28");
  }

  @Test
  void rejectsATruncatedHeader() {
    byte[] header = Arrays.copyOf(Fixtures.images(2, 2, 2), 10);
    assertContains(imagesError(header, "short.idx").getMessage(),
        "short.idx", "header is truncated", "expected 16 bytes, got 10");
    assertContains(imagesError(new byte[] {0, 0}, "tiny.idx").getMessage(),
        "tiny.idx", "expected 16 bytes, got 2");
  }

  @Test
  void namesTheRecordAndOffsetOfATruncatedPayload() {
    // 5 images of 2x3 = 6 bytes after a 16-byte header; cut 2 bytes into record 3.
    byte[] cut = Arrays.copyOf(Fixtures.images(5, 2, 3), 16 + 3 * 6 + 2);
    String message = imagesError(cut, "train-images-idx3-ubyte").getMessage();
    assertEquals(
        "train-images-idx3-ubyte: record 3 at byte offset 34 is truncated: expected 6 bytes,"
            + " got 2 (the header declares 5 records; the data ends at byte offset 36)",
        message);
    String gzipped = imagesError(Fixtures.gzip(cut), "train-images-idx3-ubyte.gz").getMessage();
    assertContains(gzipped, "train-images-idx3-ubyte.gz: record 3 at byte offset 34 of the"
        + " decompressed data is truncated: expected 6 bytes, got 2");
  }

  @Test
  void namesTheRecordOfATruncatedLabelFile() {
    byte[] cut = Arrays.copyOf(Fixtures.labels(1, 2, 3, 4), 8 + 2);
    assertContains(labelsError(cut, "train-labels").getMessage(),
        "train-labels: record 2 at byte offset 10 is truncated: expected 1 byte, got 0");
  }

  @Test
  void rejectsTrailingBytesAndSaysHowMany() {
    byte[] extra = Fixtures.concat(Fixtures.images(2, 2, 2), new byte[] {1, 2, 3, 4, 5});
    assertContains(imagesError(extra, "padded").getMessage(),
        "padded: 5 extra bytes after the declared payload",
        "expected the data to end at byte offset 24 after 2 records");
    byte[] extraLabel = Fixtures.concat(Fixtures.labels(1, 2), new byte[] {0});
    assertContains(labelsError(extraLabel, "l").getMessage(), "l: 1 extra byte after");
  }

  @Test
  void rejectsALabelOutOfRangeWithItsRecordAndOffset() {
    DatasetFormatException e = labelsError(Fixtures.labels(1, 2, 10, 3), "t10k-labels");
    assertEquals(
        "t10k-labels: record 2 at byte offset 10 has label 10: expected a label in [0,10)",
        e.getMessage());
  }

  @Test
  void rejectsImageAndLabelCountsThatDisagree() {
    DatasetFormatException e = assertThrows(DatasetFormatException.class,
        () -> IdxReader.readDataset("d", in(Fixtures.images(3, 2, 2)), "train-images",
            in(Fixtures.labels(1, 2)), "train-labels", 10));
    assertEquals(
        "train-images has 3 records but train-labels has 2: expected one label per image",
        e.getMessage());
  }

  @Test
  void rejectsCorruptGzipHeaderDataAndTrailer() {
    byte[] good = Fixtures.gzip(Fixtures.images(4, 3, 3));

    byte[] badMethod = good.clone();
    badMethod[2] = 7; // compression method must be 8 (deflate)
    assertContains(imagesError(badMethod, "m.gz").getMessage(), "m.gz: corrupt gzip header");

    byte[] badData = good.clone();
    badData[10] = (byte) 0xFF; // first deflate block: final, reserved block type 11
    assertContains(imagesError(badData, "d.gz").getMessage(), "d.gz: corrupt gzip data");

    byte[] badTrailer = good.clone();
    badTrailer[good.length - 8] ^= 0x55; // the CRC-32 of the data
    assertContains(imagesError(badTrailer, "t.gz").getMessage(), "t.gz: corrupt gzip data");

    byte[] cut = Arrays.copyOf(good, good.length - 12);
    assertContains(imagesError(cut, "cut.gz").getMessage(),
        "cut.gz: the gzip stream ends early");
  }

  @Test
  void rejectsAnEmptyStream() {
    assertContains(imagesError(new byte[0], "empty").getMessage(),
        "empty: header is truncated", "got 0");
  }
}
