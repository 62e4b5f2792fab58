package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;

/**
 * The evaluation of Fan et al., "Challenging Forgets: Unveiling the Worst-Case Forget Sets in
 * Machine Unlearning" (ECCV 2024), after Jia et al., NeurIPS 2023:
 * <ul>
 *   <li>UA = 100 - accuracy on the forget set (higher: more forgotten);</li>
 *   <li>RA = accuracy on the retain set; TA = accuracy on the test set (utility);</li>
 *   <li>MIA-efficacy ({@link MembershipInferenceAttack}): percentage of forget examples a
 *       membership attacker (by default the reference's RBF SVC on the confidence) trained on
 *       retain (members) vs test (non-members) calls non-member;</li>
 *   <li>the forget loss: mean cross-entropy of the forget set, the worst-case search's objective;</li>
 *   <li>RTE: the method's run time, measured here and kept out of the deterministic scores;</li>
 *   <li>the average gap to Retrain over UA, MIA, RA and TA ({@link UnlearningScores#averageGap}).</li>
 * </ul>
 * Accuracies are computed in inference mode over whole sets.
 */
public final class UnlearningMetrics {
  private UnlearningMetrics() {}

  /**
   * Scores an unlearned model on a problem. The attack's member sample is drawn from
   * {@code seed.derive("mia-members")}.
   *
   * @throws IllegalArgumentException if the problem has no test set
   */
  public static UnlearningScores score(UnlearningProblem problem, float[] params, MiaOptions mia,
      SeedSequence seed) {
    Objects.requireNonNull(problem, "problem");
    LabeledDataset test = problem.requireTest("unlearning metrics (TA and MIA-efficacy)");
    ModelSpec spec = problem.spec();
    Model model = Model.fromParameters(spec, Objects.requireNonNull(params, "params"));
    SgdTrainer.checkData(spec, problem.forget(), "accuracy");
    LabeledDataset forget = problem.forget();
    EvalResult f = model.evaluate(FloatMatrix.wrap(forget.features(), 0, forget.size(), forget.featureCount()),
        forget.labels());
    double ra = accuracy(model, problem.retain());
    double ta = accuracy(model, test);
    MiaResult attack = MembershipInferenceAttack.efficacy(spec, params, problem.retain(), test, problem.forget(),
        mia, seed);
    return new UnlearningScores(100 * (1 - f.accuracy()), 100 * ra, 100 * ta, 100 * attack.efficacy(), f.loss(), attack);
  }

  /**
   * Runs {@code method} on {@code problem}, timing it, and scores the result. The method gets
   * {@code SeedSequence.root(seed).derive("unlearn")}, the metrics
   * {@code SeedSequence.root(seed).derive("metrics")}, so every method of one experiment sees the
   * same seeds.
   */
  public static UnlearningResult evaluate(UnlearningMethod method, UnlearningProblem problem, ForgetKind kind,
      long seed, MiaOptions mia) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(kind, "kind");
    SeedSequence root = SeedSequence.root(seed);
    long t0 = System.nanoTime();
    float[] params = method.unlearn(problem, root.derive("unlearn"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    UnlearningScores scores = score(problem, params, mia, root.derive("metrics"));
    return new UnlearningResult(method.name(), kind, seed, problem.forget().size(), scores, seconds);
  }

  /** Fraction of the examples of {@code data} the model classifies correctly. */
  public static double accuracy(Model model, LabeledDataset data) {
    SgdTrainer.checkData(model.spec(), data, "accuracy");
    return model.evaluate(FloatMatrix.wrap(data.features(), 0, data.size(), data.featureCount()), data.labels())
        .accuracy();
  }
}
