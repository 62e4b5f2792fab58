package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 digest (FIPS 180-4) of a file or stream, as 64 lowercase hex digits. */
public final class Sha256 {
  private static final int BUFFER_BYTES = 1 << 16;

  private Sha256() {}

  /**
   * Digests a file.
   *
   * @param file the file
   * @return 64 lowercase hex digits
   * @throws IOException if the file cannot be read
   */
  public static String of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  /**
   * Digests a stream to its end; the stream is not closed.
   *
   * @param in the bytes
   * @return 64 lowercase hex digits
   * @throws IOException if reading fails
   */
  public static String of(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_BYTES];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Digests bytes in memory.
   *
   * @param bytes the bytes
   * @return 64 lowercase hex digits
   */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}
