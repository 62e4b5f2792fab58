package io.fedspark.federated.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;

/**
 * Where fetched datasets are cached: the configured directory if one is given, else the
 * directory named by the environment variable {@value #ENVIRONMENT_VARIABLE}, else {@code
 * ~/.cache/fedspark/datasets}.
 */
public final class DataDirectory {
  /** The environment variable that overrides the default cache location. */
  public static final String ENVIRONMENT_VARIABLE = "FEDSPARK_DATA";

  private DataDirectory() {}

  /**
   * Resolves the data directory.
   *
   * @param configured the configured directory; {@code null} or blank means "not configured". A
   *     leading {@code ~/} stands for the user's home directory.
   * @return an absolute, normalised path (not created)
   */
  public static Path resolve(String configured) {
    return resolve(configured, System::getenv, System.getProperty("user.home"));
  }

  /**
   * Where {@link #resolve} takes the directory from, for messages: {@code data.dir} when configured,
   * else the environment variable when set, else "the default cache".
   */
  public static String source(String configured) {
    return source(configured, System::getenv);
  }

  static String source(String configured, Function<String, String> environment) {
    if (configured != null && !configured.isBlank()) {
      return "data.dir";
    }
    String env = environment.apply(ENVIRONMENT_VARIABLE);
    return env != null && !env.isBlank() ? "$" + ENVIRONMENT_VARIABLE : "the default cache";
  }

  static Path resolve(String configured, Function<String, String> environment, String userHome) {
    String chosen;
    if (configured != null && !configured.isBlank()) {
      chosen = configured.trim();
    } else {
      String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
      chosen = fromEnvironment != null && !fromEnvironment.isBlank()
          ? fromEnvironment.trim()
          : Paths.get(userHome, ".cache", "fedspark", "datasets").toString();
    }
    if (chosen.equals("~") || chosen.startsWith("~/")) {
      chosen = userHome + chosen.substring(1);
    }
    return Paths.get(chosen).toAbsolutePath().normalize();
  }
}
