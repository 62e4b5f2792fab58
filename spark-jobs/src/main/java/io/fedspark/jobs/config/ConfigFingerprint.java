package io.fedspark.jobs.config;

import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A short digest of the configuration keys that determine a run's result (checkpoints store it;
 * {@code --resume} refuses a checkpoint made under other settings): SHA-256 over the sorted
 * key = value pairs the predicate selects, first 16 hex digits.
 */
public final class ConfigFingerprint {
  private ConfigFingerprint() {}

  public static String of(JobConfig cfg, Predicate<String> relevant) {
    Map<String, String> keys = new TreeMap<>();
    for (var e : cfg.typesafe().entrySet()) {
      if (relevant.test(e.getKey())) {
        // concise: the value alone. The default rendering adds origin comments ("conf/defaults.conf:
        // 30"), so editing a comment line in a configuration file changed every fingerprint.
        keys.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(keys.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
