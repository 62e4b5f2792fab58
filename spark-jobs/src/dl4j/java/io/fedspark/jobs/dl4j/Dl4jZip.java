package io.fedspark.jobs.dl4j;

import io.fedspark.jobs.cli.Dl4jZipFormat;
import io.fedspark.math.nn.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Dl4jZipFormat} of the Spark 3.5 build: {@link Dl4jExport} writes, DL4J's
 * {@link ModelSerializer} reads back, {@link Dl4jConverter} moves the parameters between layouts.
 * Public only for the service loader.
 */
public final class Dl4jZip implements Dl4jZipFormat {
  /** For the service loader. */
  public Dl4jZip() {}

  @Override
  public void write(ModelSpec spec, float[] parameters, OutputStream out) throws IOException {
    Dl4jExport.write(spec, parameters, out);
  }

  @Override
  public Restored read(ModelSpec spec, InputStream in) throws IOException {
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, false);
    float[] parameters = Dl4jConverter.of(spec).parameters(net);
    return new Restored() {
      @Override
      public float[] parameters() {
        return parameters;
      }

      @Override
      public double[][] output(float[] features, int rows) {
        INDArray out = net.output(Nd4j.create(features, new long[] {rows, features.length / rows}, 'c'), false);
        return out.toDoubleMatrix();
      }
    };
  }
}
