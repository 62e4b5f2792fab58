package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST DATABASE of
 * handwritten digits"): a big-endian magic number {@code 0x0000TTDD} (type code {@code TT}, here
 * 0x08 = unsigned byte, and dimension count {@code DD}), one big-endian 32-bit size per dimension,
 * then the data. Image files have 3 dimensions (count, rows, cols), label files 1 (count).
 *
 * <p>Plain and gzip-compressed input both work: gzip is recognised by its magic bytes. Every
 * check names the source: the magic number, positive dimensions, a complete payload (a truncated
 * file names the record and its byte offset), no bytes after the declared payload, labels in
 * range, and matching image and label counts. The streams are read to their end but not closed.
 */
public final class IdxReader {
  /** Magic number of an unsigned-byte IDX file with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an unsigned-byte IDX file with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int CHUNK_BYTES = 1 << 20;
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final float[] PIXEL_SCALE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      PIXEL_SCALE[v] = v / 255f;
    }
  }

  private IdxReader() {}

  /**
   * Reads an IDX image file.
   *
   * @param in the file's bytes, plain or gzipped; read to the end, not closed
   * @param source the name used in error messages, e.g. the file's path
   * @return the images with pixels scaled to [0, 1]
   * @throws DatasetFormatException if the content is not a complete unsigned-byte 3-D IDX file
   * @throws IOException if reading fails
   */
  public static IdxImages readImages(InputStream in, String source) throws IOException {
    try (SourceStream s = SourceStream.open(in, source)) {
      int[] dims = readHeader(s, source, 3, "images");
      int count = dims[0];
      int rows = dims[1];
      int cols = dims[2];
      long total = (long) count * rows * cols;
      if (total > MAX_ARRAY) {
        throw new DatasetFormatException(
            source + ": header declares " + count + " x " + rows + " x " + cols + " = " + total
                + " pixels: expected at most " + MAX_ARRAY + " (one Java array)");
      }
      int headerBytes = 4 + 4 * 3;
      float[] pixels = new float[(int) total];
      byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, total)];
      int done = 0;
      while (done < total) {
        int want = (int) Math.min(chunk.length, total - done);
        int got = s.readUpTo(chunk, 0, want);
        for (int k = 0; k < got; k++) {
          pixels[done + k] = PIXEL_SCALE[chunk[k] & 0xff];
        }
        done += got;
        if (got < want) {
          throw truncated(s, source, headerBytes, rows * cols, count, done);
        }
      }
      rejectTrailing(s, source, headerBytes + total, count);
      return new IdxImages(count, rows, cols, pixels);
    }
  }

  /**
   * Reads an IDX label file.
   *
   * @param in the file's bytes, plain or gzipped; read to the end, not closed
   * @param source the name used in error messages
   * @param numClasses labels must lie in {@code [0, numClasses)}; between 1 and 256
   * @return one label per record
   * @throws DatasetFormatException if the content is not a complete unsigned-byte 1-D IDX file or a
   *     label is out of range
   * @throws IOException if reading fails
   */
  public static int[] readLabels(InputStream in, String source, int numClasses)
      throws IOException {
    if (numClasses < 1 || numClasses > 256) {
      throw new IllegalArgumentException(
          source + ": numClasses is " + numClasses + ": expected 1..256 for byte labels");
    }
    try (SourceStream s = SourceStream.open(in, source)) {
      int count = readHeader(s, source, 1, "labels")[0];
      int headerBytes = 4 + 4;
      int[] labels = new int[count];
      byte[] chunk = new byte[Math.min(CHUNK_BYTES, count)];
      int done = 0;
      while (done < count) {
        int want = Math.min(chunk.length, count - done);
        int got = s.readUpTo(chunk, 0, want);
        for (int k = 0; k < got; k++) {
          int label = chunk[k] & 0xff;
          if (label >= numClasses) {
            int record = done + k;
            throw new DatasetFormatException(
                source + ": record " + record + " at byte offset " + (headerBytes + record)
                    + s.offsetQualifier() + " has label " + label + ": expected a label in [0,"
                    + numClasses + ")");
          }
          labels[done + k] = label;
        }
        done += got;
        if (got < want) {
          throw truncated(s, source, headerBytes, 1, count, done);
        }
      }
      rejectTrailing(s, source, headerBytes + (long) count, count);
      return labels;
    }
  }

  /**
   * Reads an image file and its label file into one dataset of shape {@code {1, rows, cols}}.
   *
   * @param name the dataset's name, e.g. {@code "mnist-train"}
   * @param images the image file's bytes, plain or gzipped; not closed
   * @param imagesSource the image file's name for messages
   * @param labels the label file's bytes, plain or gzipped; not closed
   * @param labelsSource the label file's name for messages
   * @param numClasses labels must lie in {@code [0, numClasses)}
   * @return the dataset
   * @throws DatasetFormatException if either file is malformed or their record counts differ
   * @throws IOException if reading fails
   */
  public static LabeledDataset readDataset(
      String name,
      InputStream images,
      String imagesSource,
      InputStream labels,
      String labelsSource,
      int numClasses)
      throws IOException {
    IdxImages imageData = readImages(images, imagesSource);
    int[] labelData = readLabels(labels, labelsSource, numClasses);
    if (imageData.count() != labelData.length) {
      throw new DatasetFormatException(
          imagesSource + " has " + imageData.count() + " records but " + labelsSource + " has "
              + labelData.length + ": expected one label per image");
    }
    return LabeledDataset.of(
        name, new int[] {1, imageData.rows(), imageData.cols()}, imageData.pixels(), labelData,
        numClasses);
  }

  /**
   * The record count and, for an image file, the rows and columns of an IDX file, from its header
   * alone (checked as {@link #readImages} and {@link #readLabels} check it).
   *
   * @param dimensions 3 for images, 1 for labels
   */
  public static int[] header(InputStream in, String source, int dimensions) throws IOException {
    try (SourceStream s = SourceStream.open(in, source)) {
      return readHeader(s, source, dimensions, dimensions == 3 ? "images" : "labels");
    }
  }

  /**
   * Records {@code [from, to)} of an image file and its label file (plain or gzipped; the bytes
   * before {@code from} are read and skipped, as a gzipped file cannot seek), checked as the
   * whole-file readers check them; the range that ends at the last record also checks that
   * nothing follows it. Lets many tasks read one pair of files, each its own range.
   *
   * @return the range's pixels scaled to [0, 1] and labels, as a dataset of shape {1, rows, cols}
   */
  public static LabeledDataset readRange(String name, InputStream images, String imagesSource, InputStream labels,
      String labelsSource, int numClasses, int from, int to) throws IOException {
    try (SourceStream si = SourceStream.open(images, imagesSource);
        SourceStream sl = SourceStream.open(labels, labelsSource)) {
      int[] dims = readHeader(si, imagesSource, 3, "images");
      int count = readHeader(sl, labelsSource, 1, "labels")[0];
      if (dims[0] != count) {
        throw new DatasetFormatException(imagesSource + " has " + dims[0] + " records but " + labelsSource + " has "
            + count + ": expected one label per image");
      }
      if (from < 0 || to > count || from > to) {
        throw new IllegalArgumentException("records [" + from + ", " + to + ") of " + count + " in " + imagesSource);
      }
      int pixelsPer = dims[1] * dims[2];
      int imageHeader = 4 + 4 * 3;
      skip(si, imagesSource, imageHeader, pixelsPer, count, (long) from * pixelsPer);
      skip(sl, labelsSource, 8, 1, count, from);
      float[] pixels = new float[Math.multiplyExact(to - from, pixelsPer)];
      byte[] chunk = new byte[(int) Math.max(1, Math.min(CHUNK_BYTES, pixels.length))];
      int done = 0;
      while (done < pixels.length) {
        int want = Math.min(chunk.length, pixels.length - done);
        int got = si.readUpTo(chunk, 0, want);
        for (int k = 0; k < got; k++) {
          pixels[done + k] = PIXEL_SCALE[chunk[k] & 0xff];
        }
        done += got;
        if (got < want) {
          throw truncated(si, imagesSource, imageHeader, pixelsPer, count, (long) from * pixelsPer + done);
        }
      }
      byte[] raw = new byte[to - from];
      int got = sl.readUpTo(raw, 0, raw.length);
      if (got < raw.length) {
        throw truncated(sl, labelsSource, 8, 1, count, (long) from + got);
      }
      int[] y = new int[raw.length];
      for (int k = 0; k < raw.length; k++) {
        y[k] = raw[k] & 0xff;
        if (y[k] >= numClasses) {
          int record = from + k;
          throw new DatasetFormatException(labelsSource + ": record " + record + " at byte offset " + (8 + record)
              + sl.offsetQualifier() + " has label " + y[k] + ": expected a label in [0," + numClasses + ")");
        }
      }
      if (to == count) {
        rejectTrailing(si, imagesSource, imageHeader + (long) count * pixelsPer, count);
        rejectTrailing(sl, labelsSource, 8 + (long) count, count);
      }
      return LabeledDataset.of(name, new int[] {1, dims[1], dims[2]}, pixels, y, numClasses);
    }
  }

  /** Reads and drops {@code bytes} payload bytes, failing as a truncated record if they are not there. */
  private static void skip(SourceStream s, String source, int headerBytes, int recordBytes, int count, long bytes)
      throws IOException {
    byte[] sink = new byte[(int) Math.max(1, Math.min(CHUNK_BYTES, bytes))];
    long done = 0;
    while (done < bytes) {
      int want = (int) Math.min(sink.length, bytes - done);
      int got = s.readUpTo(sink, 0, want);
      done += got;
      if (got < want) {
        throw truncated(s, source, headerBytes, recordBytes, count, done);
      }
    }
  }

  /** Reads and checks the magic number and the dimension sizes; returns the sizes. */
  private static int[] readHeader(SourceStream s, String source, int dimensions, String kind)
      throws IOException {
    int headerBytes = 4 + 4 * dimensions;
    int expectedMagic = (UNSIGNED_BYTE << 8) | dimensions;
    String expected = String.format(
        "expected magic 0x%08X (unsigned bytes, %d dimension%s) for IDX %s", expectedMagic,
        dimensions, dimensions == 1 ? "" : "s", kind);
    byte[] header = new byte[headerBytes];
    int got = s.readUpTo(header, 0, 4);
    if (got < 4) {
      throw truncatedHeader(s, source, headerBytes, got, expected);
    }
    int magic = bigEndianInt(header, 0);
    if ((magic >>> 16) != 0) {
      throw new DatasetFormatException(String.format(
          "%s: not an IDX file: magic number 0x%08X does not start with two zero bytes; %s",
          source, magic, expected));
    }
    int type = (magic >>> 8) & 0xff;
    int dims = magic & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new DatasetFormatException(String.format(
          "%s: IDX data type 0x%02X (%s) in magic number 0x%08X is not supported; %s",
          source, type, typeName(type), magic, expected));
    }
    if (dims != dimensions) {
      String hint = dims == 3 ? " (is this an image file?)" : dims == 1 ? " (is this a label file?)" : "";
      throw new DatasetFormatException(String.format(
          "%s: magic number 0x%08X declares %d dimension%s; %s%s",
          source, magic, dims, dims == 1 ? "" : "s", expected, hint));
    }
    got += s.readUpTo(header, 4, headerBytes - 4);
    if (got < headerBytes) {
      throw truncatedHeader(s, source, headerBytes, got, expected);
    }
    int[] sizes = new int[dimensions];
    String[] names = dimensions == 3
        ? new String[] {"record count", "rows", "cols"}
        : new String[] {"record count"};
    for (int d = 0; d < dimensions; d++) {
      sizes[d] = bigEndianInt(header, 4 + 4 * d);
      if (sizes[d] <= 0) {
        throw new DatasetFormatException(
            source + ": " + names[d] + " is " + sizes[d] + " (header bytes " + (4 + 4 * d) + ".."
                + (7 + 4 * d) + "): expected a positive size");
      }
    }
    return sizes;
  }

  private static DatasetFormatException truncatedHeader(
      SourceStream s, String source, int headerBytes, int got, String expected) {
    return new DatasetFormatException(
        source + ": header is truncated: expected " + headerBytes + " bytes, got " + got
            + (s.gzipped() ? " decompressed bytes" : "") + "; " + expected);
  }

  private static DatasetFormatException truncated(
      SourceStream s, String source, int headerBytes, int recordBytes, int count, long payloadRead) {
    long record = payloadRead / recordBytes;
    long inRecord = payloadRead % recordBytes;
    long offset = headerBytes + record * recordBytes;
    return new DatasetFormatException(
        source + ": record " + record + " at byte offset " + offset + s.offsetQualifier()
            + " is truncated: expected " + recordBytes + " byte" + (recordBytes == 1 ? "" : "s")
            + ", got " + inRecord + " (the header declares " + count + " records; the data ends at"
            + " byte offset " + (headerBytes + payloadRead) + ")");
  }

  private static void rejectTrailing(SourceStream s, String source, long payloadEnd, int count)
      throws IOException {
    long extra = s.countRemaining();
    if (extra > 0) {
      throw new DatasetFormatException(
          source + ": " + extra + " extra byte" + (extra == 1 ? "" : "s")
              + " after the declared payload: expected the data to end at byte offset "
              + payloadEnd + s.offsetQualifier() + " after " + count + " records");
    }
  }

  private static int bigEndianInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static String typeName(int type) {
    switch (type) {
      case 0x08: return "unsigned byte";
      case 0x09: return "signed byte";
      case 0x0B: return "short";
      case 0x0C: return "int";
      case 0x0D: return "float";
      case 0x0E: return "double";
      default: return "unknown type";
    }
  }
}
