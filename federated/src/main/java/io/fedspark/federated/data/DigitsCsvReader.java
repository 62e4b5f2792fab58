package io.fedspark.federated.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads scikit-learn's optical-digits file {@code digits.csv.gz} (the UCI "Optical Recognition of
 * Handwritten Digits" test set, 1,797 examples): one example per line, no header, 64 comma
 * separated integers in [0, 16] (an 8x8 image, row-major) followed by the label in [0, 10).
 *
 * <p>Plain and gzip-compressed input both work. Every line is checked (field count, integer
 * syntax, value range, label range) and errors give the line and field number. Values are scaled
 * by 1/16 into [0, 1]; the dataset's shape is {@code {64}}. The stream is read to its end but not
 * closed.
 */
public final class DigitsCsvReader {
  /** Pixel values per example. */
  public static final int FEATURES = 64;
  /** Largest pixel value (the images count 4x4 blocks of a 32x32 bitmap, so 0..16). */
  public static final int MAX_VALUE = 16;
  /** Number of classes, the digits 0..9. */
  public static final int NUM_CLASSES = 10;

  private static final int FIELDS = FEATURES + 1;
  private static final String EXPECTED_LINE =
      "expected " + FIELDS + " comma-separated fields (" + FEATURES + " pixel values in [0,"
          + MAX_VALUE + "] then the label in [0," + NUM_CLASSES + "))";

  private DigitsCsvReader() {}

  /**
   * Reads the whole file.
   *
   * @param name the dataset's name, e.g. {@code "digits"}
   * @param in the file's bytes, plain or gzipped; read to the end, not closed
   * @param source the name used in error messages, e.g. the file's path
   * @return the dataset: shape {@code {64}}, features divided by 16, 10 classes
   * @throws DatasetFormatException naming the line and field of the first bad value, or if there
   *     are no lines at all
   * @throws IOException if reading fails
   */
  public static LabeledDataset read(String name, InputStream in, String source)
      throws IOException {
    float[] features = new float[1800 * FEATURES];
    int[] labels = new int[1800];
    int count = 0;
    int lineNumber = 0;
    try (SourceStream s = SourceStream.open(in, source);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (count == labels.length) {
          labels = Arrays.copyOf(labels, count * 2);
          features = Arrays.copyOf(features, count * 2 * FEATURES);
        }
        labels[count] = parseLine(line, lineNumber, source, features, count * FEATURES);
        count++;
      }
    }
    if (count == 0) {
      throw new DatasetFormatException(source + ": the file has no lines: " + EXPECTED_LINE);
    }
    return LabeledDataset.of(
        name, new int[] {FEATURES}, Arrays.copyOf(features, count * FEATURES),
        Arrays.copyOf(labels, count), NUM_CLASSES);
  }

  /** Parses one line into {@code features[offset..offset+64)} and returns its label. */
  private static int parseLine(
      String line, int lineNumber, String source, float[] features, int offset)
      throws DatasetFormatException {
    int fields = countFields(line);
    if (fields != FIELDS) {
      String got = line.isBlank() ? "an empty line" : fields + " field" + (fields == 1 ? "" : "s");
      throw new DatasetFormatException(
          source + ": line " + lineNumber + ": " + EXPECTED_LINE + ", got " + got);
    }
    int start = 0;
    for (int field = 1; field <= FEATURES; field++) {
      int comma = line.indexOf(',', start);
      String text = line.substring(start, comma).trim();
      int value = parseInt(text, MAX_VALUE + 1);
      if (value < 0) {
        throw badField(source, lineNumber, field,
            "an integer pixel value in [0," + MAX_VALUE + "]", text);
      }
      features[offset + field - 1] = value / (float) MAX_VALUE;
      start = comma + 1;
    }
    String text = line.substring(start).trim();
    int label = parseInt(text, NUM_CLASSES);
    if (label < 0) {
      throw badField(source, lineNumber, FIELDS, "an integer label in [0," + NUM_CLASSES + ")",
          text);
    }
    return label;
  }

  /** Returns the value if {@code text} is a decimal integer in [0, hiExclusive), else -1. */
  private static int parseInt(String text, int hiExclusive) {
    if (text.isEmpty() || text.length() > 9) {
      return -1;
    }
    int value = 0;
    int i = 0;
    if (text.charAt(0) == '+') {
      i = 1;
      if (text.length() == 1) {
        return -1;
      }
    }
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value < hiExclusive ? value : -1;
  }

  private static int countFields(String line) {
    int fields = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        fields++;
      }
    }
    return fields;
  }

  private static DatasetFormatException badField(
      String source, int lineNumber, int field, String expected, String got) {
    String shown = got.length() > 40 ? got.substring(0, 40) + "..." : got;
    return new DatasetFormatException(
        source + ": line " + lineNumber + ", field " + field + ": expected " + expected
            + ", got '" + shown + "'");
  }
}
