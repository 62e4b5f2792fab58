package io.fedspark.jobs.sweep;

import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a sweep run: SHA-256 over the command and the {@link ConfigFingerprint} of its
 * resolved configuration (which includes {@code run.seed}), first 16 hex digits. Keys that do not
 * change the result are left out: where the output goes ({@code run.dir}, {@code run.root}, {@code
 * run.overwrite}), the Spark session ({@code spark.*}) and the test-only stop hooks. A resumed
 * sweep skips a run whose hash already has a complete result row.
 */
public final class RunHash {
  private RunHash() {}

  public static String of(String command, JobConfig resolved) {
    String fingerprint = ConfigFingerprint.of(resolved, RunHash::relevant);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((command + "\n" + fingerprint).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean relevant(String key) {
    return !key.equals("run.dir") && !key.equals("run.root") && !key.equals("run.overwrite") && !key.startsWith("spark.");
  }
}
