package io.fedspark.jobs.dl4j;

import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.nn.Activation;
import io.fedspark.math.nn.ActivationLayer;
import io.fedspark.math.nn.Conv2DLayer;
import io.fedspark.math.nn.DenseLayer;
import io.fedspark.math.nn.DropoutLayer;
import io.fedspark.math.nn.FlattenLayer;
import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.MaxPool2DLayer;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.nn.Shape;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J layers equivalent to a core model's layer sequence (as {@code Model.layers()} builds
 * it), and where each parametric layer's parameters live on both sides.
 *
 * <p>Translation: a dense or convolution layer absorbs the activation layer that follows it (DL4J
 * layers carry their activation); the last dense layer becomes an {@code OutputLayer} with softmax
 * + multi-class cross-entropy ({@code MCXENT}) or identity + {@code MSE}; max pooling becomes a
 * {@code SubsamplingLayer}; flatten becomes DL4J's automatic {@code CnnToFeedForwardPreProcessor}
 * (both flatten an example in NCHW order); a dropout layer with rate p becomes
 * {@code dropOut(1 - p)} (DL4J takes the <em>retain</em> probability) on the next DL4J layer, since
 * DL4J applies dropout to a layer's input. Both sides use inverted dropout, but with different
 * random streams, so training with dropout does not follow the same trajectory.
 *
 * @param layers the DL4J layer configurations, input side first
 * @param blocks the parametric layers' parameter ranges, in order
 * @param inputType what DL4J is fed: flat rows for every model (convolutional models get
 *     {@code InputType.convolutionalFlat}, i.e. NCHW rows, as the core's examples are)
 * @param parameterCount total number of parameters (equal on both sides)
 */
record Dl4jArchitecture(List<org.deeplearning4j.nn.conf.layers.Layer> layers, List<ParameterBlock> blocks,
    InputType inputType, int parameterCount) {

  /** Translates {@code spec}'s layers. */
  static Dl4jArchitecture of(ModelSpec spec) {
    // A layout-only model: Model.layers() is the one source of truth for order and offsets.
    List<Layer> core = Model.fromParameters(spec, new float[spec.parameterCount()], JavaBlas.instance()).layers();
    List<org.deeplearning4j.nn.conf.layers.Layer> out = new ArrayList<>();
    List<ParameterBlock> blocks = new ArrayList<>();
    int dl4jOffset = 0;
    float dropoutRate = 0f;
    int i = 0;
    while (i < core.size()) {
      Layer layer = core.get(i++);
      org.nd4j.linalg.activations.Activation activation = org.nd4j.linalg.activations.Activation.IDENTITY;
      if ((layer instanceof DenseLayer || layer instanceof Conv2DLayer) && i < core.size()
          && core.get(i) instanceof ActivationLayer a) {
        activation = activation(a.activation());
        i++;
      }
      org.deeplearning4j.nn.conf.layers.Layer.Builder<?> builder;
      if (layer instanceof DenseLayer d) {
        boolean last = i == core.size();
        if (last && activation != org.nd4j.linalg.activations.Activation.IDENTITY) {
          throw unsupported(spec, layer, "the output layer is followed by an activation layer");
        }
        builder = last ? outputLayer(spec.loss()).nIn(d.inputSize()).nOut(d.outputSize())
            : new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(d.inputSize()).nOut(d.outputSize())
                .activation(activation);
        blocks.add(new ParameterBlock(ParameterBlock.Kind.DENSE, d.parameterOffset(), dl4jOffset, d.inputSize(),
            d.outputSize(), d.outputSize()));
        dl4jOffset += d.parameterCount();
      } else if (layer instanceof Conv2DLayer c) {
        int k = c.kernel();
        builder = new ConvolutionLayer.Builder(k, k).stride(c.stride(), c.stride()).padding(c.padding(), c.padding())
            .convolutionMode(ConvolutionMode.Truncate).nIn(c.inputShape().channels()).nOut(c.outChannels())
            .activation(activation);
        blocks.add(new ParameterBlock(ParameterBlock.Kind.CONVOLUTION, c.parameterOffset(), dl4jOffset,
            c.outChannels(), c.inputShape().channels() * k * k, c.outChannels()));
        dl4jOffset += c.parameterCount();
      } else if (layer instanceof MaxPool2DLayer p) {
        builder = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(p.kernel(), p.kernel())
            .stride(p.stride(), p.stride()).convolutionMode(ConvolutionMode.Truncate);
      } else if (layer instanceof ActivationLayer a) {
        builder = new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(activation(a.activation()));
      } else if (layer instanceof FlattenLayer) {
        continue; // DL4J inserts CnnToFeedForwardPreProcessor from the input type
      } else if (layer instanceof DropoutLayer d) {
        dropoutRate = d.rate();
        continue;
      } else {
        throw unsupported(spec, layer, "it has no DL4J counterpart in this converter yet");
      }
      if (dropoutRate > 0f) {
        builder.dropOut(1.0 - dropoutRate);
        dropoutRate = 0f;
      }
      out.add(builder.build());
    }
    if (!(core.get(core.size() - 1) instanceof DenseLayer)) {
      throw unsupported(spec, core.get(core.size() - 1), "DL4J needs a dense output layer last");
    }
    Shape s = spec.inputShape();
    InputType input = spec.kind().convolutional() ? InputType.convolutionalFlat(s.height(), s.width(), s.channels())
        : InputType.feedForward(s.size());
    return new Dl4jArchitecture(out, blocks, input, dl4jOffset);
  }

  private static OutputLayer.Builder outputLayer(Loss loss) {
    return switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
          .activation(org.nd4j.linalg.activations.Activation.SOFTMAX);
      case MEAN_SQUARED_ERROR -> new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
          .activation(org.nd4j.linalg.activations.Activation.IDENTITY);
    };
  }

  static org.nd4j.linalg.activations.Activation activation(Activation a) {
    return switch (a) {
      case RELU -> org.nd4j.linalg.activations.Activation.RELU;
      case TANH -> org.nd4j.linalg.activations.Activation.TANH;
      case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
    };
  }

  private static IllegalArgumentException unsupported(ModelSpec spec, Layer layer, String why) {
    return new IllegalArgumentException("model " + spec + ": layer " + layer.index() + " (" + layer
        + ") cannot be converted to DL4J: " + why);
  }
}
