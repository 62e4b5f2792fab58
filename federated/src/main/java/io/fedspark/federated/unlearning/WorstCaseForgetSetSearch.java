package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SignSgd;
import io.fedspark.math.optim.SignSgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worst-case forget set of Fan, Liu, Hero and Liu, "Challenging Forgets: Unveiling the
 * Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024), by their first-order bi-level
 * algorithm. The problem, over w in {0,1}^N with 1'w = m relaxed to [0,1]^N:
 * <pre>
 *   minimise_w  sum_i w_i l_i(theta_u(w)) + gamma ||w||^2,   theta_u(w) = argmin_theta sum_i (1 - w_i) l_i(theta)
 * </pre>
 * The algorithm, run exactly:
 * <pre>
 *   w = indicator of a random m-subset              (seed.derive("initial-subset"))
 *   for e in 0 .. selectEpochs-1:
 *     theta = theta_original (FINE_TUNE)  or  fresh init (RETRAIN, seed.derive("lower-init", e))
 *     unlearnSteps epochs over the training set in minibatches of batchSize
 *                                                    (shuffled from seed.derive("lower-level", e)):
 *       L = sum_{i in B} (1 - w_i) l_i(theta)        (sum, not mean)
 *       theta = theta - lr_theta sign(grad L)        (SignSGD; a batch with all w_i = 1 is skipped)
 *     g_i = l_i(theta) for every i                   (PerExampleLoss.Pass; no gradient through theta)
 *     objective[e] = sum_i w_i g_i + gamma ||w||^2
 *     w = w - lr_w (g + 2 gamma w)    (WORST)   or   w + lr_w (g + 2 gamma w)    (EASIEST)
 *     w = CappedSimplexProjection(w, m)             (bisection on mu, tolerance, max iterations)
 *     if (e + 1) % binarizeEvery == 0 or e is the last: w = top-m indicator of w
 *   forget set = the support of w
 * </pre>
 * The implicit term d theta_u / d w is dropped: through SignSGD steps its derivative vanishes
 * almost everywhere, so the upper gradient is the per-example loss plus {@code 2 gamma w}.
 * Descending picks examples the unlearned model still fits: redundant, prototypical ones whose
 * removal changes little, which makes approximate unlearning look (falsely) exact. The weights
 * are kept in double as in the reference; the lower-level weights {@code 1 - w_i} are floats.
 *
 * <p>Cost: {@code selectEpochs * (unlearnSteps + 1)} passes over the training set, the lower
 * level sequential. The per-example loss pass is a pure function over blocks
 * ({@link PerExampleLoss#compute}); {@link #search(ModelSpec, float[], LabeledDataset, int,
 * SeedSequence, PerExampleLoss.Pass)} takes a distributed one. Deterministic for a seed.
 */
public final class WorstCaseForgetSetSearch {
  private static final Logger LOG = LoggerFactory.getLogger(WorstCaseForgetSetSearch.class);

  private final WorstCaseSearchOptions options;

  public WorstCaseForgetSetSearch() {
    this(new WorstCaseSearchOptions());
  }

  public WorstCaseForgetSetSearch(WorstCaseSearchOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public WorstCaseSearchOptions options() {
    return options;
  }

  /** Searches with the in-process per-example loss pass. */
  public ForgetSetSearchResult search(ModelSpec spec, float[] original, LabeledDataset train, int forgetSize,
      SeedSequence seed) {
    return search(spec, original, train, forgetSize, seed,
        PerExampleLoss.inProcess(spec, train, PerExampleLoss.DEFAULT_BLOCK_ROWS));
  }

  /**
   * Searches for a forget set of {@code forgetSize} examples of {@code train}.
   *
   * @param original the parameters of the model trained on {@code train}
   * @param lossPass the per-example losses of {@code train} in index order at given parameters
   * @throws IllegalArgumentException unless {@code 1 <= forgetSize < train.size()}, or if the
   *     model and data do not fit
   */
  public ForgetSetSearchResult search(ModelSpec spec, float[] original, LabeledDataset train, int forgetSize,
      SeedSequence seed, PerExampleLoss.Pass lossPass) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(lossPass, "lossPass");
    SgdTrainer.checkData(spec, train, "worst-case forget-set search");
    int n = train.size();
    if (forgetSize < 1 || forgetSize >= n) {
      throw new IllegalArgumentException("worst-case forget-set search: forget size " + forgetSize + " of "
          + train.size() + " examples of " + train.name() + ", expected 1 <= size < " + n);
    }
    Objects.requireNonNull(original, "original");
    if (original.length != spec.parameterCount()) {
      throw new IllegalArgumentException("worst-case forget-set search: the original parameters have "
          + original.length + " floats but model " + spec + " has " + spec.parameterCount());
    }
    CappedSimplexProjection projection = options.projection();
    double[] w = ForgetSets.indicator(n, ForgetSets.random(n, forgetSize, seed.derive("initial-subset")));
    double[] objective = new double[options.selectEpochs()];
    double[] relaxed = w;
    float[] lowerWeights = new float[n];
    double sign = options.mode() == SearchMode.WORST ? -1 : 1;
    for (int e = 0; e < options.selectEpochs(); e++) {
      float[] start = options.lowerLevel() == LowerLevelStart.FINE_TUNE
          ? original
          : Model.create(spec, seed.derive("lower-init", e).seed()).parameters();
      for (int i = 0; i < n; i++) {
        lowerWeights[i] = (float) (1 - w[i]);
      }
      SgdTrainer.Objective sum = new SgdTrainer.Objective(false, SgdTrainer.Reduction.SUM, null, 0f, null);
      float[] theta = SgdTrainer.run(spec, start, train, lowerWeights, options.unlearnSteps(), options.batchSize(),
          new SignSgd(new SignSgdOptions(options.thetaLearningRate())), sum, SgdTrainer.EpochHook.NONE,
          seed.derive("lower-level", e), "unlearn.search");
      float[] g = lossPass.losses(theta);
      if (g.length != n) {
        throw new IllegalStateException("worst-case forget-set search: the loss pass returned " + g.length
            + " losses for " + n + " examples");
      }
      double value = 0;
      double norm = 0;
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        value += w[i] * g[i];
        norm += w[i] * w[i];
        next[i] = w[i] + sign * options.weightLearningRate() * (g[i] + 2 * options.gamma() * w[i]);
      }
      objective[e] = value + options.gamma() * norm;
      w = projection.project(next, forgetSize);
      relaxed = w;
      if ((e + 1) % options.binarizeEvery() == 0 || e == options.selectEpochs() - 1) {
        w = ForgetSets.indicator(n, ForgetSets.topM(w, forgetSize));
      }
      LOG.debug("worst-case search ({}): selection epoch {} objective {}", options.mode().configName(), e,
          objective[e]);
    }
    return new ForgetSetSearchResult(options.mode(), ForgetSets.topM(w, forgetSize), objective, relaxed);
  }
}
