package io.fedspark.federated.distillation;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.optim.AdamOptions;
import io.fedspark.math.optim.AdamW;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Self-supervised dataset distillation with kernel ridge regression, KRR-ST (Lee, Lee and Hwang,
 * "Self-Supervised Dataset Distillation for Transfer Learning", ICLR 2024), as in
 * docs/algorithms.md (KRR-ST). One run owns the synthetic set, its AdamW state and the
 * {@link FeatureExtractorPool}; each outer step t is
 * <pre>
 *   j ~ Uniform{0..M-1}                     seeds.derive("pool-choice", t)
 *   x_r = augment(batch of real examples)   batch: seeds.derive("real-batch", t), views: "real-augment", t
 *   y_r = phi(x_r);  F_r = [g_j(x_r), 1];  F_s = [g_j(X_s), 1]
 *   L = mean((K_rs A^-1 Y_s - y_r)^2),  K_rs = F_r F_s',  A = F_s F_s' + lambda I
 *   (dL/dX_s, dL/dY_s) by the manual gradients of KernelRidgeSystem, dL/dF_s backpropagated
 *       through g_j with Model.backpropagateFeatures (bias column dropped)
 *   optionally clip the norm of (dL/dX_s, dL/dY_s) to outerGradientClip   (GradientNormClip)
 *   AdamW step on (X_s, Y_s), lr = outerLearningRate * (1 + (final - 1) t / T)
 *   pool.update(j, X_s, Y_s)                (after the step, on the updated set, as the reference)
 * </pre>
 * Initialisation: X_s = m real examples ({@link #initialIndices}: uniform without replacement from
 * {@code seeds.derive("synthetic-init")}, or class-balanced), {@code Y_s = phi(X_s)} without
 * augmentation, then the pool's initial training ({@code seeds.derive("pool")}).
 *
 * <p>The step is split for distributed execution: {@link #beginStep()} does the driver's work on
 * the synthetic side and returns an {@link OuterStep} whose {@link RealBatchPass} is the pure,
 * serialisable per-block function over the real batch; {@link #finishStep} takes the merged
 * {@link RealBatchStatistics}. {@link #step(LabeledDataset)} and {@link #distill} do both in
 * process. Same options, data, encoder and seed give a bit-identical {@link DistilledSet}.
 * Not thread-safe.
 */
public final class KrrStDistiller {
  private final KrrStOptions options;
  private final TargetEncoder phi;
  private final SeedSequence seeds;
  private final long rootSeed;
  private final int sourceSize;
  private final int[] initialIndices;
  private final float[] synthetic;
  private final FloatMatrix xs;
  private final FloatMatrix ys;
  private final float[] gradient;
  private final AdamW optimizer;
  private final FeatureExtractorPool pool;
  private final double[] lossCurve;
  private long step;
  private double lastGradientNorm = Double.NaN;
  private double lastAppliedGradientNorm = Double.NaN;

  /**
   * The work of one outer step between {@link #beginStep()} and {@link #finishStep}.
   *
   * @param step t, 0-based
   * @param model j, the pool model of this step
   * @param system the synthetic side (F_s, Cholesky of A, alpha, W)
   * @param pass the per-block real-batch function to run over the real batch
   * @param realBatch the indices of this step's real examples in the source data (distinct, sorted);
   *     their ids for {@link RealBatchPass#accumulate} are the indices themselves
   */
  public record OuterStep(long step, int model, KernelRidgeSystem system, RealBatchPass pass, int[] realBatch) {}

  /**
   * The outer gradient of one step, before the update.
   *
   * @param loss the outer loss L
   * @param inputGradient {@code dL/dX_s}, {@code m x d}
   * @param targetGradient {@code dL/dY_s}, {@code m x r}
   */
  public record StepGradient(double loss, FloatMatrix inputGradient, FloatMatrix targetGradient) {}

  private KrrStDistiller(KrrStOptions options, TargetEncoder phi, FloatMatrix initialInputs, int[] initialIndices,
      int sourceSize, long seed) {
    this.options = Objects.requireNonNull(options, "options");
    this.phi = Objects.requireNonNull(phi, "phi");
    Objects.requireNonNull(initialInputs, "initialInputs");
    int m = options.syntheticSize();
    int d = options.poolSpec().inputSize();
    int r = options.poolSpec().outputSize();
    if (phi.inputSize() != d || phi.dimension() != r) {
      throw new IllegalArgumentException("krr-st: phi maps " + phi.inputSize() + " inputs to r = " + phi.dimension()
          + " but the pool spec " + options.poolSpec() + " maps " + d + " inputs to " + r
          + " outputs; the pool's outputs must be phi's dimensions");
    }
    if (initialInputs.nrow() != m || initialInputs.ncol() != d || initialIndices.length != m) {
      throw new IllegalArgumentException("krr-st: initial inputs are " + initialInputs.shape() + " with "
          + initialIndices.length + " indices; expected m x d = " + m + " x " + d + " and m indices");
    }
    if (sourceSize < 1) {
      throw new IllegalArgumentException("krr-st: the source data has " + sourceSize + " examples");
    }
    this.rootSeed = seed;
    this.seeds = SeedSequence.root(seed);
    this.sourceSize = sourceSize;
    this.initialIndices = initialIndices.clone();
    this.synthetic = new float[m * (d + r)];
    this.xs = FloatMatrix.wrap(synthetic, 0, m, d);
    this.ys = FloatMatrix.wrap(synthetic, m * d, m, r);
    System.arraycopy(initialInputs.toArray(), 0, synthetic, 0, m * d);
    FloatMatrix y0 = phi.encode(xs);
    System.arraycopy(y0.data(), y0.offset(), synthetic, m * d, m * r);
    this.gradient = new float[synthetic.length];
    this.optimizer = new AdamW(new AdamOptions(options.outerLearningRate(), 0.9, 0.999, 1e-8,
        options.outerWeightDecay()), new LearningRateSchedule.LinearDecay(options.outerSteps(),
        options.finalLearningRateFactor()));
    this.pool = new FeatureExtractorPool(options.poolSpec(), options.poolSize(), options.poolOptimizer(),
        options.poolResetPeriod(), options.poolInitStepsMin(), options.poolInitStepsMax(), seeds.derive("pool"));
    pool.initialize(xs, ys);
    this.lossCurve = new double[Math.toIntExact(options.outerSteps())];
  }

  /**
   * Starts a run on in-memory source data: picks the initial examples ({@link #initialIndices}),
   * sets {@code Y_s = phi(X_s)} and trains the pool's initial steps.
   */
  public static KrrStDistiller start(KrrStOptions options, TargetEncoder phi, LabeledDataset source, long seed) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    int[] indices = initialIndices(options, source.size(), source.labels(), source.numClasses(), seed);
    FloatMatrix x0 = ExampleSelection.gather(source.features(), source.featureCount(), indices, 0, indices.length);
    return new KrrStDistiller(options, phi, x0, indices, source.size(), seed);
  }

  /**
   * Starts a run whose source data lives elsewhere (e.g. an RDD): the caller gathers the rows of
   * {@link #initialIndices} in that order.
   *
   * @param initialInputs the m initial rows, {@code m x d}
   * @param initialIndices their indices in the source data
   * @param sourceSize N, the number of source examples (real batches are drawn from {@code [0, N)})
   */
  public static KrrStDistiller start(KrrStOptions options, TargetEncoder phi, FloatMatrix initialInputs,
      int[] initialIndices, int sourceSize, long seed) {
    return new KrrStDistiller(options, phi, initialInputs, Objects.requireNonNull(initialIndices, "initialIndices"),
        sourceSize, seed);
  }

  /**
   * The indices of the m real examples that initialise {@code X_s}: uniformly without replacement,
   * or class-balanced if {@code options.classBalancedInit()}, drawn from
   * {@code root(seed).derive("synthetic-init")}; sorted.
   *
   * @param labels the labels of all N examples (read only when class-balanced, may be null otherwise)
   */
  public static int[] initialIndices(KrrStOptions options, int sourceSize, int[] labels, int numClasses, long seed) {
    if (options.syntheticSize() > sourceSize) {
      throw new IllegalArgumentException("krr-st: m = " + options.syntheticSize() + " synthetic examples need at least"
          + " as many source examples, got " + sourceSize);
    }
    var random = SeedSequence.root(seed).derive("synthetic-init").random();
    if (options.classBalancedInit()) {
      Objects.requireNonNull(labels, "labels (needed by classBalancedInit)");
      return ExampleSelection.classBalanced(labels, numClasses, options.syntheticSize(), random);
    }
    return ExampleSelection.withoutReplacement(sourceSize, options.syntheticSize(), random);
  }

  /**
   * The driver's first half of outer step t: chooses j, computes {@code g_j(X_s)} and the kernel
   * ridge system, draws the real batch and packages the real-batch pass.
   *
   * @throws IllegalStateException if all outer steps have been taken
   */
  public OuterStep beginStep() {
    if (step >= options.outerSteps()) {
      throw new IllegalStateException("krr-st: all " + options.outerSteps() + " outer steps have been taken");
    }
    int j = seeds.derive("pool-choice", step).random().nextInt(pool.size());
    Model model = pool.model(j);
    FloatMatrix features = model.features(xs);
    KernelRidgeSystem system = KernelRidgeSystem.prepare(features, ys, options.ridgeFactor());
    RealBatchPass pass = new RealBatchPass(options.poolSpec(), model.parameters(), system.realWeights(),
        model.featureSize(), options.augmentation(), seeds.derive("real-augment", step).seed());
    int n = Math.min(options.outerBatchSize(), sourceSize);
    int[] batch = ExampleSelection.withoutReplacement(sourceSize, n, seeds.derive("real-batch", step).random());
    return new OuterStep(step, j, system, pass, batch);
  }

  /**
   * The outer gradient of a begun step from its real-batch statistics, without changing anything:
   * {@code dL/dY_s} from the kernel ridge system, {@code dL/dX_s} by backpropagating
   * {@code dL/dg_j(X_s)} through model j.
   */
  public StepGradient gradient(OuterStep outer, RealBatchStatistics real) {
    checkCurrent(outer);
    KernelRidgeSystem.OuterGradient g = outer.system().gradient(real);
    FloatMatrix dx = new FloatMatrix(xs.nrow(), xs.ncol());
    pool.model(outer.model()).backpropagateFeatures(xs, g.featureGradient().toFloatMatrix(), null, dx);
    return new StepGradient(g.loss(), dx, g.targetGradient().toFloatMatrix());
  }

  /**
   * The driver's second half: the outer gradient, the AdamW step on {@code (X_s, Y_s)} and the
   * pool update of model j.
   *
   * @return the outer loss of the step
   */
  public double finishStep(OuterStep outer, RealBatchStatistics real) {
    StepGradient g = gradient(outer, real);
    int mx = xs.size();
    System.arraycopy(g.inputGradient().data(), 0, gradient, 0, mx);
    System.arraycopy(g.targetGradient().data(), 0, gradient, mx, ys.size());
    if (options.outerGradientClip() > 0) {
      lastGradientNorm = GradientNormClip.clip(gradient, options.outerGradientClip());
      lastAppliedGradientNorm = GradientNormClip.norm(gradient);
    } else {
      lastGradientNorm = GradientNormClip.norm(gradient);
      lastAppliedGradientNorm = lastGradientNorm;
    }
    optimizer.step(synthetic, gradient);
    pool.update(outer.model(), xs, ys);
    lossCurve[(int) step] = g.loss();
    step++;
    return g.loss();
  }

  private void checkCurrent(OuterStep outer) {
    Objects.requireNonNull(outer, "outer");
    if (outer.step() != step) {
      throw new IllegalStateException("krr-st: outer step " + outer.step() + " was begun but the run is at step "
          + step + "; finish each step before beginning the next");
    }
  }

  /** One whole outer step on in-memory source data; returns its loss. */
  public double step(LabeledDataset source) {
    checkSource(source);
    OuterStep outer = beginStep();
    int[] batch = outer.realBatch();
    FloatMatrix rows = ExampleSelection.gather(source.features(), source.featureCount(), batch, 0, batch.length);
    RealBatchStatistics real = outer.pass().accumulate(rows, ExampleSelection.ids(batch, 0, batch.length), phi);
    return finishStep(outer, real);
  }

  /** Runs the remaining outer steps on in-memory source data and returns the result. */
  public DistilledSet distill(LabeledDataset source) {
    checkSource(source);
    while (step < options.outerSteps()) {
      step(source);
    }
    return result();
  }

  private void checkSource(LabeledDataset source) {
    Objects.requireNonNull(source, "source");
    if (source.size() != sourceSize || source.featureCount() != xs.ncol()) {
      throw new IllegalArgumentException("krr-st: the run started on " + sourceSize + " examples of " + xs.ncol()
          + " features but " + source.name() + " has " + source.size() + " of " + source.featureCount());
    }
  }

  /** The synthetic set as it is now, with the losses of the steps taken so far. */
  public DistilledSet result() {
    String provenance = String.format(Locale.ROOT, "krr-st %s, seed %d, after %d steps; phi: %s", options, rootSeed,
        step, phi);
    return new DistilledSet(xs.nrow(), xs.ncol(), ys.ncol(), xs.toArray(), ys.toArray(),
        Arrays.copyOf(lossCurve, (int) step), initialIndices.clone(), provenance);
  }

  /** A copy of {@code X_s}. */
  public FloatMatrix syntheticInputs() {
    return xs.copy();
  }

  /** A copy of {@code Y_s}. */
  public FloatMatrix syntheticTargets() {
    return ys.copy();
  }

  /** The number of outer steps taken. */
  public long stepCount() {
    return step;
  }

  /**
   * The norm of the joint outer gradient {@code (dL/dX_s, dL/dY_s)} of the last finished step,
   * before any clipping (NaN before the first step).
   */
  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  /**
   * The norm of the gradient the last step handed to AdamW: {@link #lastGradientNorm()} clipped
   * to {@code options.outerGradientClip()} when that is on (NaN before the first step).
   */
  public double lastAppliedGradientNorm() {
    return lastAppliedGradientNorm;
  }

  /** The learning rate the next outer step will use. */
  public float learningRate() {
    return optimizer.learningRate();
  }

  /** The live model pool (for inspection; the run updates it). */
  public FeatureExtractorPool pool() {
    return pool;
  }

  public KrrStOptions options() {
    return options;
  }

  public TargetEncoder targetEncoder() {
    return phi;
  }
}
