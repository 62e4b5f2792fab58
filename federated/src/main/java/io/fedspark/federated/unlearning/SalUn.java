package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.BitSet;

/**
 * SalUn: random-label unlearning restricted to the salient weights (Fan, Liu, Zhang, Wei, Wong and
 * Liu, "SalUn: Empowering Machine Unlearning via Gradient-based Weight Saliency in Both Image
 * Classification and Generation", ICLR 2024).
 *
 * <p>The weight saliency map is {@code m = 1(|grad_theta l_f(theta; D_f)| at theta_o >= gamma)}
 * (the paper's eq. 4), where {@code l_f} is the mean cross-entropy over the forget set and
 * {@code gamma} is chosen so that a fraction {@code salientFraction} of all parameters is salient
 * (the reference code's "threshold" 0.5 = the top half by gradient magnitude, over all layers
 * together). Ties in the magnitude are broken by the higher parameter index, so the mask is
 * deterministic. Then RL runs (the retain set with the relabelled forget set, labels drawn per
 * epoch or once as {@link SalUnOptions#labels()} says, the fit to them logged:
 * {@link RandomLabels}) with the gradient of every non-salient parameter set to zero, after
 * weight decay: the result is {@code theta_u = m * (theta_o + delta) + (1 - m) * theta_o} (eq. 5),
 * and the non-salient weights stay bit-identical. (The reference code zeroes the gradients before
 * its optimizer adds weight decay, so there the non-salient weights also decay slightly; we follow
 * eq. 5.)
 */
public final class SalUn extends ConfiguredMethod<SalUnOptions> {

  public SalUn() {
    this(new SalUnOptions());
  }

  public SalUn(SalUnOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "SalUn";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    BitSet salient = saliencyMask(problem, options.salientFraction(), options.maskBatchSize(), seed);
    BitSet frozen = (BitSet) salient.clone();
    frozen.flip(0, problem.spec().parameterCount());
    TrainingOptions training = options.training();
    SgdTrainer.Objective objective = new SgdTrainer.Objective(false, SgdTrainer.Reduction.MEAN, null,
        training.weightDecay(), frozen);
    return RandomLabels.train(problem, seed, training, options.labels(), objective, name()).params();
  }

  /**
   * The salient parameters: the {@code ceil(fraction * P)} of the P parameters (at least one;
   * the product rounded to 1e-9 first, so that 0.07 * 100 keeps 7, not 8) with the largest
   * {@code |d l_f / d theta_j|} at the original model, ties to the higher index.
   */
  static BitSet saliencyMask(UnlearningProblem problem, double fraction, int batchSize, SeedSequence seed) {
    float[] g = forgetLossGradient(problem, batchSize, seed);
    int p = g.length;
    int keep = saliencyCount(fraction, p);
    // |g| >= 0, so its float bits order like its value; the index breaks ties
    long[] keys = new long[p];
    for (int j = 0; j < p; j++) {
      keys[j] = ((long) Float.floatToRawIntBits(Math.abs(g[j])) << 32) | j;
    }
    Arrays.sort(keys);
    BitSet salient = new BitSet(p);
    for (int r = p - keep; r < p; r++) {
      salient.set((int) (keys[r] & 0xffffffffL));
    }
    return salient;
  }

  /** How many of {@code p} parameters a salient fraction keeps. */
  static int saliencyCount(double fraction, int p) {
    return (int) Math.max(1, Math.min(p, Math.ceil(fraction * p - 1e-9)));
  }

  /**
   * The gradient of the mean cross-entropy over the whole forget set at the original parameters
   * (a training pass: dropout layers draw their masks from {@code seed.derive("salun-mask")}).
   */
  static float[] forgetLossGradient(UnlearningProblem problem, int batchSize, SeedSequence seed) {
    LabeledDataset forget = problem.forget();
    Model model = Model.fromParameters(problem.spec(), problem.originalParams());
    model.setTrainingSeed(seed.derive("salun-mask").seed());
    int n = forget.size();
    int d = forget.featureCount();
    int params = model.parameterCount();
    double[] sum = new double[params];
    float[] grad = new float[params];
    for (int start = 0; start < n; start += batchSize) {
      int b = Math.min(batchSize, n - start);
      FloatMatrix x = FloatMatrix.wrap(forget.features(), start * d, b, d);
      int[] y = Arrays.copyOfRange(forget.labels(), start, start + b);
      model.lossAndGradient(x, y, null, grad); // the batch mean: weight it by the batch size
      for (int j = 0; j < params; j++) {
        sum[j] += (double) b * grad[j];
      }
    }
    float[] mean = new float[params];
    for (int j = 0; j < params; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    return mean;
  }
}
