package io.fedspark.jobs.dl4j;

import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writes a core model as a DL4J 1.0.0-M2 {@link ModelSerializer} zip ({@code configuration.json}
 * and {@code coefficients.bin}, no updater state), which DL4J loads with
 * {@code ModelSerializer.restoreMultiLayerNetwork}.
 *
 * <p>The network is {@link Dl4jConverter}'s: the same layers, with the parameters moved (never
 * computed) into DL4J's layout, so the file's network computes what the core model computes. Its
 * input is the rows fedspark reads ({@code [N, inputSize]}; the convolutional models are
 * configured with {@code InputType.convolutionalFlat}, so flat NCHW rows go in), and
 * {@code output} gives softmax probabilities ({@code loss=xent}) or the regression output
 * ({@code loss=mse}). The configuration names plain SGD at the default rate as its updater: a
 * placeholder, since training state is not exported.
 */
public final class Dl4jExport {
  private Dl4jExport() {}

  /**
   * Writes the DL4J zip of {@code spec} with {@code parameters} (the core's flat layout) to
   * {@code out}, which is left open.
   *
   * @throws IllegalArgumentException if a layer has no DL4J counterpart or the parameters do not
   *     fit the spec
   */
  public static void write(ModelSpec spec, float[] parameters, OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    MultiLayerNetwork network = Dl4jConverter.of(spec).network(new SgdOptions(), parameters);
    ModelSerializer.writeModel(network, out, false);
  }
}
