package io.fedspark.jobs.cli;

import io.fedspark.math.nn.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code fedspark export --format dl4j}: a DL4J 1.0.0-M2 {@code ModelSerializer} zip of a core model.
 * Only the Spark 3.5 / Scala 2.12 build contains DL4J; there the implementation is listed in
 * {@code META-INF/services/io.fedspark.jobs.cli.Dl4jZipFormat}, elsewhere {@link #inThisBuild()} is
 * empty and the command says which build has the format.
 */
public interface Dl4jZipFormat {
  /**
   * Writes the zip of {@code spec} with {@code parameters} (the core's flat layout) to {@code out},
   * which is left open.
   *
   * @throws IllegalArgumentException if a layer has no DL4J counterpart or the parameters do not fit
   */
  void write(ModelSpec spec, float[] parameters, OutputStream out) throws IOException;

  /** Reads back a zip this format wrote for {@code spec}: the network DL4J restores from it. */
  Restored read(ModelSpec spec, InputStream in) throws IOException;

  /** A network DL4J restored from a zip. */
  interface Restored {
    /** Its parameters in the core's flat layout. */
    float[] parameters();

    /** DL4J's outputs (probabilities) for {@code rows} rows of {@code features} (row-major). */
    double[][] output(float[] features, int rows);
  }

  /** The DL4J zip format of this build, if it has one. */
  static Optional<Dl4jZipFormat> inThisBuild() {
    return ServiceLoader.load(Dl4jZipFormat.class, Dl4jZipFormat.class.getClassLoader()).findFirst();
  }
}
