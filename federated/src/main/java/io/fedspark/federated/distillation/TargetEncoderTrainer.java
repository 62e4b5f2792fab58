package io.fedspark.federated.distillation;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Activation;
import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.nn.Shape;
import io.fedspark.math.optim.AdamW;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Trains the frozen target representation {@code phi} of KRR-ST on the source data
 * ({@link TargetEncoderOptions} says how).
 *
 * <p>{@link RepresentationKind#SELF_SUPERVISED}: Barlow Twins (Zbontar et al., ICML 2021). Each
 * minibatch {@code x} gives two views {@code v_A = aug(x)}, {@code v_B = aug(x)}; the encoder
 * {@code f} and projector {@code p} map them to {@code Z = p(f(v))}; the gradient of
 * {@link BarlowTwinsLoss} with respect to {@code Z_A, Z_B} is pushed through the projector
 * ({@code Model.backpropagate}, giving its parameter gradient and {@code dL/d f(v)}) and then
 * through the encoder. Both views go through the networks as one stacked batch of {@code 2n}
 * rows. {@code phi = f}; the projector is discarded, as in the paper.
 *
 * <p>{@link RepresentationKind#SUPERVISED}: a classifier {@code inputs - hidden - r - classes}
 * with softmax cross-entropy on augmented minibatches; {@code phi} is its {@code r}-wide
 * penultimate (ReLU) layer.
 *
 * <p>Randomness: initialisation from {@code seed.derive("phi-init")} (projector
 * {@code "phi-projector-init"}), the order of epoch e from {@code derive("phi-shuffle", e)},
 * view v of epoch e from {@code derive("phi-views", e, v)} (per example, see
 * {@link ImageAugmentation#apply}). Same data, options and seed give bit-identical parameters.
 */
public final class TargetEncoderTrainer {
  private TargetEncoderTrainer() {}

  /**
   * Trains {@code phi} on all examples of {@code source} (labels are used only by
   * {@code SUPERVISED}).
   *
   * @throws IllegalArgumentException if the images do not match the augmentation's size
   */
  public static TargetEncoder train(LabeledDataset source, TargetEncoderOptions options, long seed) {
    return train(source, options, seed, (epoch, epochs, loss) -> { });
  }

  /** Called after each training epoch, on the training thread (progress output). */
  @FunctionalInterface
  public interface EpochListener {
    /** Epoch {@code epoch} (1-based) of {@code epochs} finished with mean batch loss {@code loss}. */
    void epochDone(int epoch, int epochs, double loss);
  }

  /** As {@link #train(LabeledDataset, TargetEncoderOptions, long)}, reporting each epoch to {@code listener}. */
  public static TargetEncoder train(LabeledDataset source, TargetEncoderOptions options, long seed,
      EpochListener listener) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    if (source.featureCount() != options.augmentation().pixels()) {
      throw new IllegalArgumentException("target encoder: " + source.name() + " has " + source.featureCount()
          + " features per example but the augmentation expects " + options.augmentation().height() + " x "
          + options.augmentation().width() + " = " + options.augmentation().pixels() + " pixels");
    }
    if (source.size() < 2) {
      throw new IllegalArgumentException("target encoder: " + source.name() + " has " + source.size()
          + " examples, expected at least 2");
    }
    SeedSequence seeds = SeedSequence.root(seed);
    String provenance = String.format(Locale.ROOT, "%s on %s (%d examples), %s, seed %d", options.kind(),
        source.name(), source.size(), options, seed);
    return options.kind() == RepresentationKind.SELF_SUPERVISED
        ? trainBarlowTwins(source, options, seeds, provenance, listener)
        : trainSupervised(source, options, seeds, provenance, listener);
  }

  /** The encoder of the self-supervised kind: {@code mlp:inputs-hidden...-r:loss=mse} (a linear output). */
  public static ModelSpec encoderSpec(int inputs, TargetEncoderOptions options) {
    return mlp(inputs, options.encoderHiddenWidths(), options.dimension(), Loss.MEAN_SQUARED_ERROR);
  }

  /** The Barlow Twins projector: {@code mlp:r-projectorWidths...:loss=mse}. */
  public static ModelSpec projectorSpec(TargetEncoderOptions options) {
    List<Integer> widths = options.projectorWidths();
    return mlp(options.dimension(), widths.subList(0, widths.size() - 1), widths.get(widths.size() - 1),
        Loss.MEAN_SQUARED_ERROR);
  }

  /** The classifier of the supervised kind: {@code mlp:inputs-hidden...-r-classes}. */
  public static ModelSpec classifierSpec(int inputs, int classes, TargetEncoderOptions options) {
    List<Integer> hidden = new ArrayList<>(options.encoderHiddenWidths());
    hidden.add(options.dimension());
    return mlp(inputs, hidden, classes, Loss.SOFTMAX_CROSS_ENTROPY);
  }

  private static ModelSpec mlp(int inputs, List<Integer> hidden, int outputs, Loss loss) {
    if (hidden.isEmpty()) {
      // a projector without hidden layer is linear; an MLP spec needs one, so a linear map is logreg-shaped
      return new ModelSpec(ModelKind.LOGREG, Shape.flat(inputs), hidden, outputs, Activation.RELU, 0f, loss);
    }
    return new ModelSpec(ModelKind.MLP, Shape.flat(inputs), hidden, outputs, Activation.RELU, 0f, loss);
  }

  private static TargetEncoder trainBarlowTwins(LabeledDataset source, TargetEncoderOptions options,
      SeedSequence seeds, String provenance, EpochListener listener) {
    int d = source.featureCount();
    Model encoder = Model.create(encoderSpec(d, options), seeds.derive("phi-init").seed());
    Model projector = Model.create(projectorSpec(options), seeds.derive("phi-projector-init").seed());
    AdamW encoderOpt = new AdamW(options.optimizer());
    AdamW projectorOpt = new AdamW(options.optimizer());
    float[] encoderGrad = new float[encoder.parameterCount()];
    float[] projectorGrad = new float[projector.parameterCount()];
    double[] epochLosses = epochs(source, options, seeds, listener, (epoch, order, start, x) -> {
      int batch = x.nrow();
      long[] ids = ExampleSelection.ids(order, start, batch);
      FloatMatrix views = new FloatMatrix(2 * batch, d);
      FloatMatrix va = options.augmentation().apply(x, ids, seeds.derive("phi-views", epoch, 0));
      FloatMatrix vb = options.augmentation().apply(x, ids, seeds.derive("phi-views", epoch, 1));
      System.arraycopy(va.data(), 0, views.data(), 0, va.size());
      System.arraycopy(vb.data(), 0, views.data(), va.size(), vb.size());
      FloatMatrix h = encoder.forward(views);
      FloatMatrix z = projector.forward(h);
      BarlowTwinsLoss.Result r = BarlowTwinsLoss.compute(z.rows(0, batch), z.rows(batch, batch),
          options.barlowTwinsLambda(), BarlowTwinsLoss.DEFAULT_EPSILON);
      FloatMatrix dz = new FloatMatrix(2 * batch, z.ncol());
      System.arraycopy(r.gradientA().data(), 0, dz.data(), 0, r.gradientA().size());
      System.arraycopy(r.gradientB().data(), 0, dz.data(), r.gradientA().size(), r.gradientB().size());
      FloatMatrix dh = new FloatMatrix(2 * batch, h.ncol());
      projector.backpropagate(h, dz, projectorGrad, dh);
      encoder.backpropagate(views, dh, encoderGrad, null);
      projectorOpt.step(projector.parameters(), projectorGrad);
      encoderOpt.step(encoder.parameters(), encoderGrad);
      return r.loss();
    });
    return new TargetEncoder(RepresentationKind.SELF_SUPERVISED, encoder.spec(), encoder.parameters(), epochLosses,
        provenance);
  }

  private static TargetEncoder trainSupervised(LabeledDataset source, TargetEncoderOptions options,
      SeedSequence seeds, String provenance, EpochListener listener) {
    int d = source.featureCount();
    Model model = Model.create(classifierSpec(d, source.numClasses(), options), seeds.derive("phi-init").seed());
    AdamW opt = new AdamW(options.optimizer());
    float[] grad = new float[model.parameterCount()];
    int[] labels = new int[Math.min(options.batchSize(), source.size())];
    double[] epochLosses = epochs(source, options, seeds, listener, (epoch, order, start, x) -> {
      FloatMatrix v = options.augmentation().apply(x, ExampleSelection.ids(order, start, x.nrow()),
          seeds.derive("phi-views", epoch, 0));
      for (int i = 0; i < x.nrow(); i++) {
        labels[i] = source.labels()[order[start + i]];
      }
      double loss = model.lossAndGradient(v, labels, null, grad).loss();
      opt.step(model.parameters(), grad);
      return loss;
    });
    return new TargetEncoder(RepresentationKind.SUPERVISED, model.spec(), model.parameters(), epochLosses,
        provenance);
  }

  /** One training step on a batch: returns its loss. */
  @FunctionalInterface
  private interface BatchStep {
    /**
     * @param epoch the 0-based epoch
     * @param order the epoch's example order
     * @param start the batch's first position in {@code order}
     * @param x the batch's rows, {@code order[start ..]} in order
     */
    double run(int epoch, int[] order, int start, FloatMatrix x);
  }

  /**
   * The epochs of an encoder's training: each visits the examples in the order of
   * {@code seeds.derive("phi-shuffle", epoch)} in full batches of {@code min(batchSize, N)} (a
   * last partial batch is dropped), runs {@code step} on each and reports the mean batch loss.
   *
   * @return the mean loss of every epoch
   */
  private static double[] epochs(LabeledDataset source, TargetEncoderOptions options, SeedSequence seeds,
      EpochListener listener, BatchStep step) {
    int d = source.featureCount();
    int n = source.size();
    int batch = Math.min(options.batchSize(), n);
    double[] epochLosses = new double[options.epochs()];
    for (int epoch = 0; epoch < options.epochs(); epoch++) {
      int[] order = Permutations.of(n, seeds.derive("phi-shuffle", epoch).random());
      double sum = 0;
      int batches = 0;
      for (int start = 0; start + batch <= n; start += batch) {
        sum += step.run(epoch, order, start, ExampleSelection.gather(source.features(), d, order, start, batch));
        batches++;
      }
      epochLosses[epoch] = sum / batches;
      listener.epochDone(epoch + 1, options.epochs(), epochLosses[epoch]);
    }
    return epochLosses;
  }
}
