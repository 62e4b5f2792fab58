package io.fedspark.jobs.dl4j;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.util.Objects;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Converts a core model ({@link ModelSpec}: logreg, mlp, lenet5, cnn-small) into an equivalent
 * DL4J 1.0.0-M2 {@link MultiLayerNetwork}, and its parameters both ways between the core's flat
 * array and DL4J's flattened parameter vector ({@link ParameterBlock} has the two layouts: dense
 * weights are transposed, because DL4J stores W column-major; convolutions put the bias first).
 * Round trips are exact (values are moved, never computed).
 *
 * <p>Optimizer: the core's {@link io.fedspark.math.optim.Sgd} and DL4J agree on
 * <ul>
 *   <li>momentum 0: DL4J {@link Sgd}, {@code p -= lr * g};</li>
 *   <li>Nesterov momentum: DL4J {@link Nesterovs}. DL4J keeps {@code v' = mu v - lr g} and
 *       applies {@code p += -mu v + (1 + mu) v'} (Bengio et al. 2013 form); with {@code V = -v/lr}
 *       that is {@code V' = mu V + g}, {@code p -= lr (g + mu V')}: exactly the core's (PyTorch's)
 *       Nesterov rule, for a constant learning rate;</li>
 *   <li>heavy-ball momentum without Nesterov has <em>no</em> DL4J updater (its {@code Sgd} has no
 *       momentum and {@code Nesterovs} is Nesterov), so it is refused;</li>
 *   <li>weight decay {@code g += wd * p} on every parameter: DL4J {@code l2(wd)} and
 *       {@code l2Bias(wd)} (L2 regularisation applied to the gradient before the updater; DL4J's
 *       score then also includes {@code wd/2 ||p||^2}, the core's loss does not).</li>
 * </ul>
 * Both average the loss over the mini-batch (DL4J divides the summed gradient by the batch size).
 * Learning-rate schedules are not converted: DL4J gets the base rate.
 *
 * <p>One instance per spec; thread-safe (immutable).
 */
public final class Dl4jConverter {
  private final ModelSpec spec;
  private final Dl4jArchitecture architecture;

  private Dl4jConverter(ModelSpec spec, Dl4jArchitecture architecture) {
    this.spec = spec;
    this.architecture = architecture;
  }

  /**
   * The converter for {@code spec}.
   *
   * @throws IllegalArgumentException if a layer has no DL4J counterpart here
   */
  public static Dl4jConverter of(ModelSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return new Dl4jConverter(spec, Dl4jArchitecture.of(spec));
  }

  public ModelSpec spec() {
    return spec;
  }

  /** Number of parameters, the same on both sides. */
  public int parameterCount() {
    return architecture.parameterCount();
  }

  /**
   * The DL4J configuration of this model trained with {@code sgd}: float data, workspaces on,
   * mini-batch averaging, no gradient normalisation. The DL4J weight initialisation (Xavier) is a
   * placeholder: {@link #network} overwrites it with the core's parameters.
   *
   * @param seed DL4J's seed (dropout masks, placeholder initialisation)
   */
  public MultiLayerConfiguration configuration(SgdOptions sgd, long seed) {
    NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(updater(sgd))
        .miniBatch(true)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    if (sgd.weightDecay() > 0f) {
      b.l2(sgd.weightDecay()).l2Bias(sgd.weightDecay());
    }
    NeuralNetConfiguration.ListBuilder list = b.list();
    for (org.deeplearning4j.nn.conf.layers.Layer layer : architecture.layers()) {
      list.layer(layer.clone());
    }
    return list.setInputType(architecture.inputType()).build();
  }

  /** A DL4J network of this model, trained with {@code sgd}, holding a copy of the core parameters. */
  public MultiLayerNetwork network(SgdOptions sgd, float[] coreParameters) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(sgd, 0L));
    net.init(Nd4j.create(toDl4j(coreParameters), new long[] {1, parameterCount()}, 'c'), false);
    return net;
  }

  /** Copies core-layout parameters into the network's parameters. */
  public void setParameters(MultiLayerNetwork net, float[] coreParameters) {
    checkNetwork(net);
    net.setParams(Nd4j.create(toDl4j(coreParameters), new long[] {1, parameterCount()}, 'c'));
  }

  /** The network's parameters in the core's layout (a new array). */
  public float[] parameters(MultiLayerNetwork net) {
    checkNetwork(net);
    return toCore(net.params().toFloatVector());
  }

  /** Core layout to DL4J layout (a new array). */
  public float[] toDl4j(float[] core) {
    checkLength("core", core);
    float[] dl4j = new float[core.length];
    for (ParameterBlock block : architecture.blocks()) {
      block.toDl4j(core, dl4j);
    }
    return dl4j;
  }

  /** DL4J layout to core layout (a new array). */
  public float[] toCore(float[] dl4j) {
    checkLength("DL4J", dl4j);
    float[] core = new float[dl4j.length];
    for (ParameterBlock block : architecture.blocks()) {
      block.toCore(dl4j, core);
    }
    return core;
  }

  /**
   * The DL4J updater equivalent to the core's SGD (see the class comment).
   *
   * @throws IllegalArgumentException for heavy-ball momentum without Nesterov, which DL4J lacks
   */
  public static IUpdater updater(SgdOptions sgd) {
    Objects.requireNonNull(sgd, "sgd");
    if (sgd.momentum() == 0f) {
      return new Sgd(sgd.learningRate());
    }
    if (sgd.nesterov()) {
      return new Nesterovs(sgd.learningRate(), sgd.momentum());
    }
    throw new IllegalArgumentException("sgd momentum " + sgd.momentum() + " without nesterov has no DL4J equivalent:"
        + " DL4J's Sgd updater has no momentum and Nesterovs is Nesterov momentum; use nesterov = true or momentum 0");
  }

  /**
   * A DL4J mini-batch of rows of {@code x} with one-hot {@code labels} over {@code classes}
   * (features copied to a c-ordered {@code n x d} array).
   */
  public static DataSet dataSet(FloatMatrix x, int[] labels, int classes) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(labels, "labels");
    int n = x.nrow();
    if (labels.length != n) {
      throw new IllegalArgumentException("dataSet: x has " + n + " rows but labels has " + labels.length + " entries");
    }
    float[] oneHot = new float[n * classes];
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("dataSet: label " + labels[i] + " of example " + i + " is outside [0, "
            + classes + ")");
      }
      oneHot[i * classes + labels[i]] = 1f;
    }
    INDArray features = Nd4j.create(x.toArray(), new long[] {n, x.ncol()}, 'c');
    return new DataSet(features, Nd4j.create(oneHot, new long[] {n, classes}, 'c'));
  }

  private void checkLength(String layout, float[] values) {
    Objects.requireNonNull(values, layout + " parameters");
    if (values.length != parameterCount()) {
      throw new IllegalArgumentException(layout + " parameters have " + values.length + " floats but model " + spec
          + " has " + parameterCount());
    }
  }

  private void checkNetwork(MultiLayerNetwork net) {
    Objects.requireNonNull(net, "network");
    if (net.numParams() != parameterCount()) {
      throw new IllegalArgumentException("the DL4J network has " + net.numParams() + " parameters but model " + spec
          + " has " + parameterCount() + "; was it built by this converter?");
    }
  }
}
