package io.fedspark.jobs.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Versions fixed at build time (fedspark, the Spark line and its Spark and Scala versions, OpenBLAS,
 * DL4J) and the git commit if known. fedspark builds for two Spark lines (Spark 3.5 / Scala 2.12,
 * the default, and Spark 4 / Scala 2.13 with {@code -Pspark4}); a jar runs only on its own line.
 */
public final class BuildInfo {
  private static final Properties PROPS = load();

  private BuildInfo() {}

  public static String version() {
    return PROPS.getProperty("version", "unknown");
  }

  public static String builtSparkVersion() {
    return PROPS.getProperty("spark.version", "unknown");
  }

  /** The Spark line this build is for: "3.5" (the default build) or "4" ({@code -Pspark4}). */
  public static String sparkLine() {
    return PROPS.getProperty("spark.line", "unknown");
  }

  /** The Scala binary version this build is for ("2.12" or "2.13"); Spark's jars must have the same. */
  public static String scalaBinaryVersion() {
    return PROPS.getProperty("scala.binary.version", "unknown");
  }

  /** What this build is for, e.g. "Spark 4.2.0 / Scala 2.13". */
  public static String sparkBuild() {
    return "Spark " + builtSparkVersion() + " / Scala " + scalaBinaryVersion();
  }

  public static String openblasVersion() {
    return PROPS.getProperty("openblas.version", "unknown");
  }

  public static String dl4jVersion() {
    return PROPS.getProperty("dl4j.version", "unknown");
  }

  /**
   * The git commit of the source tree: {@code FEDSPARK_GIT_COMMIT} (set by the launcher), else
   * {@code git rev-parse HEAD} in the working directory, else "unknown".
   */
  public static String gitCommit() {
    String env = System.getenv("FEDSPARK_GIT_COMMIT");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectErrorStream(true)
              .start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (out.matches("[0-9a-f]{40}")) {
          return out;
        }
      }
      p.destroyForcibly();
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("io/fedspark/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // versions then read "unknown"
    }
    return p;
  }
}
