package io.fedspark.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("line-independent")
class DigitsCsvReaderTest {
  @TempDir Path dir;

  private static InputStream in(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String text) {
    return assertThrows(DatasetFormatException.class,
        () -> DigitsCsvReader.read("digits", in(text), "digits.csv.gz")).getMessage();
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  @Test
  void readsAValidFilePlainAndGzipped() throws IOException {
    String text = lines(Fixtures.digitsLine(0, 3), Fixtures.digitsLine(5, 0),
        Fixtures.digitsLine(16, 9));
    Files.writeString(dir.resolve("digits.csv"), text);
    Files.write(dir.resolve("digits.csv.gz"), Fixtures.gzip(text.getBytes(StandardCharsets.UTF_8)));
    for (String name : new String[] {"digits.csv", "digits.csv.gz"}) {
      LabeledDataset data;
      try (InputStream file = Files.newInputStream(dir.resolve(name))) {
        data = DigitsCsvReader.read("digits", file, name);
      }
      assertEquals(3, data.size(), name);
      assertArrayEquals(new int[] {64}, data.shape());
      assertEquals(10, data.numClasses());
      assertArrayEquals(new int[] {3, 0, 9}, data.labels());
      for (int j = 0; j < 64; j++) {
        assertEquals(((5 + j) % 17) / 16f, data.feature(1, j), 0f);
      }
      assertEquals(1f, data.feature(0, 16), 0f);  // value 16 -> 1.0
      assertEquals(0f, data.feature(0, 0), 0f);
    }
  }

  @Test
  void acceptsCrLfLineEndsAndAMissingFinalNewline() throws IOException {
    String text = Fixtures.digitsLine(1, 1) + "\r\n" + Fixtures.digitsLine(2, 2);
    LabeledDataset data = DigitsCsvReader.read("d", in(text), "crlf.csv");
    assertArrayEquals(new int[] {1, 2}, data.labels());
  }

  @Test
  void rejectsAWrongFieldCount() {
    String short64 = Fixtures.digitsLine(0, 1).substring(0, Fixtures.digitsLine(0, 1).lastIndexOf(','));
    assertEquals(
        "digits.csv.gz: line 2: expected 65 comma-separated fields (64 pixel values in [0,16]"
            + " then the label in [0,10)), got 64 fields",
        error(lines(Fixtures.digitsLine(0, 1), short64)));
    assertTrue(error(lines(Fixtures.digitsLine(0, 1) + ",4")).endsWith("got 66 fields"));
    assertTrue(error(lines(Fixtures.digitsLine(0, 1), "", Fixtures.digitsLine(0, 1)))
        .startsWith("digits.csv.gz: line 2:"));
    assertTrue(error(lines(Fixtures.digitsLine(0, 1), "")).endsWith("got an empty line"));
  }

  @Test
  void rejectsANonIntegerValue() {
    String line = Fixtures.digitsLine(0, 1).replaceFirst("^0,1,2,3,4,5,6,", "0,1,2,3,4,5,3.5,");
    assertEquals(
        "digits.csv.gz: line 1, field 7: expected an integer pixel value in [0,16], got '3.5'",
        error(lines(line)));
  }

  @Test
  void rejectsAValueOutOfRange() {
    String line = "17," + Fixtures.digitsLine(0, 1).substring(2);
    assertEquals(
        "digits.csv.gz: line 1, field 1: expected an integer pixel value in [0,16], got '17'",
        error(lines(line)));
    String negative = "-1," + Fixtures.digitsLine(0, 1).substring(2);
    assertTrue(error(lines(negative)).endsWith("got '-1'"));
  }

  @Test
  void rejectsABadLabelWithTheExactMessage() {
    String[] text = new String[17];
    for (int i = 0; i < 16; i++) {
      text[i] = Fixtures.digitsLine(i, i % 10);
    }
    String good = Fixtures.digitsLine(3, 3);
    text[16] = good.substring(0, good.lastIndexOf(',') + 1) + "x";
    assertEquals(
        "digits.csv.gz: line 17, field 65: expected an integer label in [0,10), got 'x'",
        error(lines(text)));
  }

  @Test
  void rejectsALabelOutOfRange() {
    assertEquals(
        "digits.csv.gz: line 1, field 65: expected an integer label in [0,10), got '10'",
        error(lines(Fixtures.digitsLine(0, 10))));
  }

  @Test
  void rejectsAnEmptyFile() {
    assertTrue(error("").startsWith("digits.csv.gz: the file has no lines: expected 65"));
    String gzipped = assertThrows(DatasetFormatException.class, () -> DigitsCsvReader.read(
        "d", new ByteArrayInputStream(Fixtures.gzip(new byte[0])), "empty.csv.gz")).getMessage();
    assertTrue(gzipped.startsWith("empty.csv.gz: the file has no lines"), gzipped);
  }

  @Test
  void rejectsACorruptGzipStream() {
    byte[] gz = Fixtures.gzip(lines(Fixtures.digitsLine(0, 1)).getBytes(StandardCharsets.UTF_8));
    gz[10] = (byte) 0xFF;
    String message = assertThrows(DatasetFormatException.class, () -> DigitsCsvReader.read(
        "d", new ByteArrayInputStream(gz), "digits.csv.gz")).getMessage();
    assertTrue(message.startsWith("digits.csv.gz: corrupt gzip data"), message);
  }
}
