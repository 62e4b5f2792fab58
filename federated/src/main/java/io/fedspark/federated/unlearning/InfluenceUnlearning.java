package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;

/**
 * IU, influence unlearning: one Newton step from the original model towards the minimiser of the
 * retain loss, with the Hessian replaced by a damped diagonal empirical Fisher (Koh and Liang,
 * "Understanding Black-box Predictions via Influence Functions", ICML 2017; Izzo et al.,
 * "Approximate Data Deletion from Machine Learning Models", AISTATS 2021; the WoodFisher variant of
 * Jia et al., NeurIPS 2023, after Singh and Alistarh, NeurIPS 2020, inverts a full low-rank
 * Fisher instead of its diagonal).
 *
 * <p>The formula. Let theta minimise the mean loss over the n = |D_r| + |D_f| training examples,
 * so {@code (n - m) grad L_r(theta) + m grad L_f(theta) = 0} with m = |D_f| and L_r, L_f the mean
 * losses of the retain and forget sets. One Newton step on L_r from theta is
 * <pre>
 *   theta_u = theta - H_r^-1 grad L_r(theta) = theta + (m / (n - m)) H_r^-1 grad L_f(theta)
 *   H_r ~ F + lambda I,   F_jj = (1/K) sum_{k=1..K} |B_k| (g_{B_k})_j^2
 *   theta_u_j = theta_j + scale * (m / (n - m)) * (grad L_f(theta))_j / (F_jj + lambda)
 * </pre>
 * where g_B is the mean gradient of a batch B of retain examples. With batches of one example F
 * is the diagonal of the empirical Fisher {@code (1/S) sum_i grad l_i grad l_i^T} over the S
 * sampled examples; with larger batches {@code |B| g_B^2} estimates the same diagonal when the
 * mean gradient is near 0, as at the original optimum. The sample is drawn from
 * {@code seed.derive("fisher-sample")}, in batches of {@code fisherBatch} in sample order.
 * Gradients are computed in training mode (dropout masks from {@code seed.derive("dropout")}).
 */
public final class InfluenceUnlearning extends ConfiguredMethod<InfluenceOptions> {

  public InfluenceUnlearning() {
    this(new InfluenceOptions());
  }

  public InfluenceUnlearning(InfluenceOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "IU";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    Model model = Model.fromParameters(problem.spec(), problem.originalParams());
    model.setTrainingSeed(seed.derive("dropout").seed());
    int p = model.parameterCount();
    LabeledDataset forget = problem.forget();
    float[] forgetGrad = new float[p];
    model.lossAndGradient(matrix(forget, 0, forget.size()), forget.labels(), null, forgetGrad);
    double[] fisher = diagonalFisher(model, problem.retain(), seed.derive("fisher-sample"));
    int m = forget.size();
    double step = options.scale() * (double) m / (problem.trainSize() - m);
    float[] theta = problem.originalParams().clone();
    for (int j = 0; j < p; j++) {
      theta[j] += (float) (step * forgetGrad[j] / (fisher[j] + options.damping()));
    }
    return theta;
  }

  /** {@code F_jj} as in the type's comment. */
  double[] diagonalFisher(Model model, LabeledDataset retain, SeedSequence sampleSeed) {
    int s = options.fisherSamples() == 0 ? retain.size() : Math.min(options.fisherSamples(), retain.size());
    int[] sample = ForgetSets.random(retain.size(), s, sampleSeed);
    LabeledDataset data = retain.subset(sample, retain.name() + "-fisher-sample");
    int p = model.parameterCount();
    double[] fisher = new double[p];
    float[] grad = new float[p];
    int batches = 0;
    for (int start = 0; start < s; start += options.fisherBatch()) {
      int b = Math.min(options.fisherBatch(), s - start);
      int[] y = new int[b];
      System.arraycopy(data.labels(), start, y, 0, b);
      model.lossAndGradient(matrix(data, start, b), y, null, grad);
      for (int j = 0; j < p; j++) {
        fisher[j] += (double) b * grad[j] * grad[j];
      }
      batches++;
    }
    for (int j = 0; j < p; j++) {
      fisher[j] /= batches;
    }
    return fisher;
  }

  private static FloatMatrix matrix(LabeledDataset data, int start, int rows) {
    return FloatMatrix.wrap(data.features(), start * data.featureCount(), rows, data.featureCount());
  }
}
