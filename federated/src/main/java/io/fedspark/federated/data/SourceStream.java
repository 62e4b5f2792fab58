package io.fedspark.federated.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The decoded bytes of one dataset source: gzip is recognised by its magic bytes (0x1f 0x8b) and
 * decompressed, anything else passes through. Counts the bytes delivered so that errors can give
 * offsets, and turns gzip failures into {@link DatasetFormatException}s that name the source.
 *
 * <p>Closing it releases the inflater but never closes the caller's stream: whoever opened the
 * stream closes it.
 */
final class SourceStream extends InputStream {
  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final String source;
  private final boolean gzipped;
  private long position;

  private SourceStream(InputStream in, String source, boolean gzipped) {
    this.in = in;
    this.source = source;
    this.gzipped = gzipped;
  }

  /**
   * Opens {@code raw}, decompressing it if it starts with the gzip magic bytes.
   *
   * @param raw the caller's stream, left open
   * @param source the name used in every message
   */
  static SourceStream open(InputStream raw, String source) throws IOException {
    if (raw == null) {
      throw new IllegalArgumentException(source + ": input stream is null");
    }
    BufferedInputStream buffered = new BufferedInputStream(new Unclosable(raw), BUFFER_BYTES);
    buffered.mark(2);
    int first = buffered.read();
    int second = first < 0 ? -1 : buffered.read();
    buffered.reset();
    if (first != 0x1f || second != 0x8b) {
      return new SourceStream(buffered, source, false);
    }
    try {
      return new SourceStream(new GZIPInputStream(buffered, BUFFER_BYTES), source, true);
    } catch (ZipException | EOFException e) {
      throw new DatasetFormatException(
          source + ": corrupt gzip header: " + e.getMessage()
              + " (the file starts with the gzip magic bytes 0x1f 0x8b)",
          e);
    }
  }

  /** @return whether the source was gzip-compressed */
  boolean gzipped() {
    return gzipped;
  }

  /** @return the number of decoded bytes delivered so far */
  long position() {
    return position;
  }

  /** @return " of the decompressed data" for gzipped sources, else "" (for offset messages) */
  String offsetQualifier() {
    return gzipped ? " of the decompressed data" : "";
  }

  /**
   * Reads until {@code len} bytes are read or the data ends.
   *
   * @return the number of bytes read, less than {@code len} only at the end of the data
   */
  int readUpTo(byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * Reads the rest of the data.
   *
   * @return how many bytes there were
   */
  long countRemaining() throws IOException {
    byte[] scratch = new byte[BUFFER_BYTES];
    long total = 0;
    int n;
    while ((n = read(scratch, 0, scratch.length)) >= 0) {
      total += n;
    }
    return total;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = in.read();
      if (b >= 0) {
        position++;
      }
      return b;
    } catch (ZipException | EOFException e) {
      throw corrupt(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (ZipException | EOFException e) {
      throw corrupt(e);
    }
  }

  private DatasetFormatException corrupt(IOException e) {
    String what = e instanceof EOFException
        ? "the gzip stream ends early (truncated .gz file?)"
        : "corrupt gzip data";
    return new DatasetFormatException(
        source + ": " + what + " after " + position + " decompressed bytes: " + e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Keeps the caller's stream open when our wrappers are closed. */
  private static final class Unclosable extends java.io.FilterInputStream {
    Unclosable(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // The caller owns the underlying stream.
    }
  }
}
