package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RL: relabel every forget example with a class drawn uniformly from all classes (possibly its
 * own, as in the reference implementations), then fine-tune the original model on the retain set
 * together with the relabelled forget set (Golatkar et al., "Eternal Sunshine of the Spotless
 * Net", CVPR 2020; Fan et al., ICLR 2024 and ECCV 2024). The labels are drawn anew at the start of
 * every epoch e from {@code seed.derive("random-labels", e)}, as the reference's {@code RL.py}
 * does, or once from {@code seed.derive("random-labels")} ({@link RandomLabelDraw}). Options
 * under {@code unlearn.rl} ({@link RandomLabelsOptions}).
 *
 * <p>How well the model fits the random labels is logged (INFO): its accuracy on the forget set
 * against the labels it was trained on in that epoch, after each epoch. Chance is 1/k; labels
 * drawn once can be memorised given capacity and epochs, labels drawn anew each epoch cannot.
 */
public final class RandomLabels extends ConfiguredMethod<RandomLabelsOptions> {
  private static final Logger LOG = LoggerFactory.getLogger(RandomLabels.class);


  public RandomLabels() {
    this(new RandomLabelsOptions());
  }

  public RandomLabels(RandomLabelsOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "RL";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    TrainingOptions training = options.training();
    return train(problem, seed, training, options.labels(), SgdTrainer.Objective.descent(training), name()).params();
  }

  /**
   * The outcome of RL's training (or SalUn's).
   *
   * @param params the unlearned parameters
   * @param randomLabelAccuracy per epoch, the accuracy on the forget set against that epoch's
   *     random labels, measured after the epoch (inference mode)
   */
  record Fit(float[] params, double[] randomLabelAccuracy) {}

  /**
   * Trains the original model on the retain set followed by the forget set with random labels
   * drawn as {@code draw} says, with {@code objective} (SalUn freezes its non-salient weights
   * there), and logs the fit to the random labels under {@code method}'s name.
   */
  static Fit train(UnlearningProblem problem, SeedSequence seed, TrainingOptions training, RandomLabelDraw draw,
      SgdTrainer.Objective objective, String method) {
    Objects.requireNonNull(draw, "draw");
    int classes = problem.spec().outputSize();
    int nr = problem.retain().size();
    LabeledDataset forget = problem.forget();
    LabeledDataset data = draw == RandomLabelDraw.ONCE ? withRandomLabels(problem, seed)
        : concatenate(problem, forget.labels());
    double[] accuracy = new double[training.epochs()];
    Model probe = Model.fromParameters(problem.spec(), problem.originalParams());
    FloatMatrix forgetX = FloatMatrix.wrap(forget.features(), 0, forget.size(), forget.featureCount());
    SgdTrainer.EpochHook hook = new SgdTrainer.EpochHook() {
      private int[] current = data.labels();

      @Override
      public int[] labels(int epoch, int[] dataLabels) {
        if (draw == RandomLabelDraw.PER_EPOCH) {
          current = dataLabels.clone();
          System.arraycopy(forgetLabels(problem, seed, draw, epoch), 0, current, nr, forget.size());
        }
        return current;
      }

      @Override
      public void afterEpoch(int epoch, float[] params) {
        probe.setParameters(params);
        accuracy[epoch] = probe.evaluate(forgetX, Arrays.copyOfRange(current, nr, current.length)).accuracy();
      }
    };
    float[] params = SgdTrainer.train(problem.spec(), problem.originalParams(), data, training, seed, objective, hook);
    if (LOG.isInfoEnabled()) {
      StringBuilder s = new StringBuilder();
      for (double a : accuracy) {
        s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", 100 * a));
      }
      LOG.info("{}: accuracy (%) on the {} forget examples' random labels ({}) after each epoch: {} (chance {})",
          method, forget.size(), draw.configName(), s, String.format(Locale.ROOT, "%.1f", 100.0 / classes));
    }
    return new Fit(params, accuracy);
  }

  /**
   * The retain set followed by the forget set with every label replaced by a class drawn
   * uniformly from {@code seed.derive("random-labels")}: the training set of RL (and SalUn) with
   * labels drawn once.
   */
  static LabeledDataset withRandomLabels(UnlearningProblem problem, SeedSequence seed) {
    return concatenate(problem, forgetLabels(problem, seed, RandomLabelDraw.ONCE, 0));
  }

  /**
   * The random labels of the forget set in {@code epoch}: uniform classes drawn from
   * {@code seed.derive("random-labels", epoch)} (per epoch) or {@code seed.derive("random-labels")}
   * (once, the same in every epoch).
   */
  static int[] forgetLabels(UnlearningProblem problem, SeedSequence seed, RandomLabelDraw draw, int epoch) {
    int classes = problem.spec().outputSize();
    SplittableRandom random = (draw == RandomLabelDraw.ONCE ? seed.derive("random-labels")
        : seed.derive("random-labels", epoch)).random();
    int[] labels = new int[problem.forget().size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(classes);
    }
    return labels;
  }

  /** The retain set followed by the forget set's features with {@code forgetLabels}. */
  private static LabeledDataset concatenate(UnlearningProblem problem, int[] forgetLabels) {
    LabeledDataset retain = problem.retain();
    LabeledDataset forget = problem.forget();
    int classes = problem.spec().outputSize();
    int d = retain.featureCount();
    int nr = retain.size();
    int nf = forget.size();
    float[] x = new float[(nr + nf) * d];
    int[] y = new int[nr + nf];
    System.arraycopy(retain.features(), 0, x, 0, nr * d);
    System.arraycopy(retain.labels(), 0, y, 0, nr);
    System.arraycopy(forget.features(), 0, x, nr * d, nf * d);
    System.arraycopy(forgetLabels, 0, y, nr, nf);
    return LabeledDataset.of(retain.name() + "+relabelled-forget", retain.shape(), x, y, classes);
  }
}
