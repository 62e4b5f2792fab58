package io.fedspark.jobs.train;

import io.fedspark.federated.train.OptimizerSpec;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.dl4j.Dl4jConverter;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.OptimizerKind;
import io.fedspark.math.optim.SgdOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The DL4J updater equivalent to a run's {@link OptimizerSpec} ({@code train.optimizer.*}), for
 * {@code train.engine = dl4j}. Each mapping is the same update rule (one documented difference:
 * Adam's epsilon); what has no DL4J counterpart is refused with an {@link InvalidConfigException}
 * naming the key, never replaced by something close.
 *
 * <ul>
 *   <li>{@code sgd}: through {@link Dl4jConverter#updater}: momentum 0 is DL4J {@code Sgd},
 *       Nesterov momentum is DL4J {@code Nesterovs} (the same rule, see the converter), weight
 *       decay is DL4J {@code l2}/{@code l2Bias}. Heavy-ball momentum ({@code momentum > 0,
 *       nesterov = false}, the default of {@code train.optimizer}) has no DL4J updater and is
 *       refused.</li>
 *   <li>{@code adam}: DL4J {@code Adam(lr, beta1, beta2, epsilon)}, weight decay as {@code l2} on
 *       weights and biases (added to the gradient before the updater, as the core's Adam). One
 *       difference in the update rule: DL4J adds epsilon to {@code sqrt(v)} <em>before</em> the
 *       bias correction, {@code lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)}
 *       (Kingma and Ba's "epsilon hat", end of section 2 of the Adam paper), the core (PyTorch)
 *       after it. In the core's terms DL4J's epsilon is {@code eps / sqrt(1 - beta2^t)}: 32x
 *       larger at step 1, 1.3x at step 1000, tending to 1. With the default eps = 1e-8 this
 *       shrinks early steps of parameters whose gradient is around 1e-5 or smaller (by about 1%
 *       at |g| = 3e-5 on step 1); with a tiny epsilon the two engines take the same steps
 *       (Dl4jOptimizerTest). It cannot be compensated by a constant DL4J epsilon.</li>
 *   <li>{@code adamw}: DL4J {@code Adam} plus {@code WeightDecay(weightDecay, applyLR = true)} on
 *       weights and biases: {@code p -= adamStep + lr * weightDecay * p}, the decoupled decay of
 *       Loshchilov and Hutter as the core's AdamW applies it.</li>
 *   <li>{@code signsgd}: no DL4J updater; refused.</li>
 * </ul>
 * Learning-rate schedules other than {@code constant} are refused: they are not converted to DL4J
 * {@code ISchedule}s (DL4J M2 has Caffe's inverse decay and step maps, but no cosine annealing and
 * no linear decay to a final factor).
 *
 * @param spec the run's optimizer
 * @param updater the DL4J updater (weights and biases)
 * @param decoupledWeightDecay AdamW's decay, 0 otherwise
 */
record Dl4jOptimizer(OptimizerSpec spec, IUpdater updater, double decoupledWeightDecay) {

  /**
   * The DL4J form of {@code spec}.
   *
   * @throws InvalidConfigException naming the {@code train.optimizer.*} key DL4J cannot honour
   */
  static Dl4jOptimizer of(OptimizerSpec spec) {
    if (!(LearningRateSchedule.parse(spec.schedule()) instanceof LearningRateSchedule.Constant)) {
      throw InvalidConfigException.of("train.optimizer.schedule", spec.schedule(),
          "constant with train.engine = dl4j (learning-rate schedules are not converted to DL4J schedules)", null);
    }
    return switch (spec.kind()) {
      case SGD -> {
        if (spec.momentum() > 0 && !spec.nesterov()) {
          throw InvalidConfigException.of("train.optimizer.nesterov", false,
              "true with train.engine = dl4j and train.optimizer.momentum = " + spec.momentum()
                  + ": DL4J has no heavy-ball momentum updater (its Sgd has no momentum, Nesterovs is Nesterov"
                  + " momentum); set train.optimizer.nesterov = true or train.optimizer.momentum = 0", null);
        }
        yield new Dl4jOptimizer(spec, Dl4jConverter.updater(sgdOptions(spec, spec.weightDecay())), 0);
      }
      case ADAM -> new Dl4jOptimizer(spec, adam(spec), 0);
      case ADAMW -> new Dl4jOptimizer(spec, adam(spec), spec.weightDecay());
      case SIGN_SGD -> throw InvalidConfigException.of("train.optimizer.kind", spec.kind().configName(),
          "sgd, adam or adamw with train.engine = dl4j (DL4J has no sign-descent updater)", null);
    };
  }

  /**
   * The DL4J configuration of {@code converter}'s model trained with this optimizer. The converter
   * builds the layers with plain SGD (and, for sgd and adam, the L2 weight decay); Adam's updater
   * and AdamW's decoupled decay are then set on every layer that has parameters.
   */
  MultiLayerConfiguration configuration(Dl4jConverter converter, long seed) {
    double l2 = decoupledWeightDecay > 0 ? 0 : spec.weightDecay();
    MultiLayerConfiguration conf = converter.configuration(sgdOptions(spec, l2), seed);
    if (spec.kind() == OptimizerKind.SGD) {
      return conf;
    }
    for (NeuralNetConfiguration layerConf : conf.getConfs()) {
      if (layerConf.getLayer() instanceof BaseLayer layer) {
        layer.setIUpdater(updater.clone());
        if (layer.getBiasUpdater() != null) {
          layer.setBiasUpdater(updater.clone());
        }
        if (decoupledWeightDecay > 0) {
          layer.setRegularization(withDecay(layer.getRegularization()));
          layer.setRegularizationBias(withDecay(layer.getRegularizationBias()));
        }
      }
    }
    return conf;
  }

  /** A DL4J network of {@code converter}'s model trained with this optimizer, holding a copy of the core parameters. */
  MultiLayerNetwork network(Dl4jConverter converter, float[] coreParameters, long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(converter, seed));
    net.init(Nd4j.create(converter.toDl4j(coreParameters), new long[] {1, converter.parameterCount()}, 'c'), false);
    return net;
  }

  /** E.g. {@code "Nesterovs(lr=0.1, momentum=0.9)"}, for logs and provenance. */
  String describe() {
    String base = updater.getClass().getSimpleName() + "(" + switch (spec.kind()) {
      case SGD -> spec.momentum() > 0 ? "lr=" + spec.learningRate() + ", momentum=" + spec.momentum()
          : "lr=" + spec.learningRate();
      case ADAM, ADAMW -> String.format(Locale.ROOT, "lr=%s, beta1=%s, beta2=%s, epsilon=%s", spec.learningRate(),
          spec.beta1(), spec.beta2(), spec.epsilon());
      case SIGN_SGD -> throw new AssertionError(spec);
    } + ")";
    if (decoupledWeightDecay > 0) {
      return base + " + WeightDecay(" + decoupledWeightDecay + ", applyLR)";
    }
    return spec.weightDecay() > 0 ? base + " + l2(" + spec.weightDecay() + ")" : base;
  }

  private List<Regularization> withDecay(List<Regularization> existing) {
    List<Regularization> out = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    out.add(new WeightDecay(decoupledWeightDecay, true));
    return out;
  }

  /** The core SGD settings DL4J's layers are built with (plain SGD with L2 {@code l2} for Adam and AdamW). */
  private static SgdOptions sgdOptions(OptimizerSpec spec, double l2) {
    boolean sgd = spec.kind() == OptimizerKind.SGD;
    try {
      return new SgdOptions((float) spec.learningRate(), sgd ? (float) spec.momentum() : 0f, (float) l2, sgd && spec.nesterov());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("train.optimizer: " + e.getMessage());
    }
  }

  private static Adam adam(OptimizerSpec spec) {
    return new Adam(spec.learningRate(), spec.beta1(), spec.beta2(), spec.epsilon());
  }
}
