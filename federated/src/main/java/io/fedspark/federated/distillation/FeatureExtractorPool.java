package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;

/**
 * The model pool of KRR-ST (Lee et al., ICLR 2024): M networks {@code h_j = head_j . g_j}, each a
 * feature extractor {@code g_j} ({@link Model#features}) with a linear head to the r target
 * dimensions, trained online on the synthetic set so that the outer loss sees features of networks
 * at every stage of training.
 *
 * <ul>
 *   <li>{@link #initialize}: model j gets {@code s_j ~ Uniform{initStepsMin .. initStepsMax}}
 *       full-batch steps of SGD on {@code MSE(h_j(X_s), Y_s)} and its counter starts at
 *       {@code it_j = s_j} (as the reference {@code ModelPool.init}), so models reach the reset
 *       period at staggered times;</li>
 *   <li>{@link #update} after each outer step on the chosen model j: if {@code it_j >= period} it
 *       is re-initialised (a fresh random model and a fresh optimizer) and {@code it_j = 0},
 *       otherwise it takes one full-batch SGD step on the current {@code (X_s, Y_s)} and
 *       {@code it_j += 1}.</li>
 * </ul>
 * The reference's {@code ModelPool.update} forgets to reset the counter after a re-initialisation,
 * so from then on it re-initialises the model every time it is chosen; this class resets it, as
 * docs/algorithms.md (KRR-ST deviations) says.
 *
 * <p>Seeds: generation g of model j is initialised from {@code seeds.derive("pool-model", j, g)}
 * and {@code s_j} is drawn from {@code seeds.derive("pool-init-steps", j)}. Not thread-safe.
 */
public final class FeatureExtractorPool {
  private final ModelSpec spec;
  private final SgdOptions optimizer;
  private final int resetPeriod;
  private final int initStepsMin;
  private final int initStepsMax;
  private final SeedSequence seeds;
  private final Model[] models;
  private final Sgd[] optimizers;
  private final int[] iterations;
  private final int[] generations;
  private final int[] initSteps;
  private final float[] grad;

  /**
   * A pool of freshly initialised, untrained models (call {@link #initialize} before use).
   *
   * @param spec architecture of every model, with {@code loss=mse} and r outputs
   * @param size M, at least 1
   * @param optimizer the SGD of initialisation and updates (reference: lr 0.1, momentum 0.9, wd 1e-3)
   * @param resetPeriod re-initialise a model once its counter reaches this, at least 1 (reference 1000)
   * @param initStepsMin fewest initial steps, at least 0 (reference 1)
   * @param initStepsMax most initial steps, at least {@code initStepsMin} (reference 999)
   * @param seeds the pool's seed node
   */
  public FeatureExtractorPool(ModelSpec spec, int size, SgdOptions optimizer, int resetPeriod, int initStepsMin,
      int initStepsMax, SeedSequence seeds) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.seeds = Objects.requireNonNull(seeds, "seeds");
    if (spec.loss() != Loss.MEAN_SQUARED_ERROR) {
      throw new IllegalArgumentException("model pool: spec " + spec + " must regress the targets (loss=mse)");
    }
    if (size < 1 || resetPeriod < 1 || initStepsMin < 0 || initStepsMax < initStepsMin) {
      throw new IllegalArgumentException("model pool: size " + size + ", reset period " + resetPeriod
          + ", initial steps [" + initStepsMin + ", " + initStepsMax + "]; expected size >= 1, period >= 1 and"
          + " 0 <= min <= max");
    }
    this.resetPeriod = resetPeriod;
    this.initStepsMin = initStepsMin;
    this.initStepsMax = initStepsMax;
    this.models = new Model[size];
    this.optimizers = new Sgd[size];
    this.iterations = new int[size];
    this.generations = new int[size];
    this.initSteps = new int[size];
    for (int j = 0; j < size; j++) {
      reinitialise(j);
    }
    this.grad = new float[spec.parameterCount()];
  }

  /** Trains model j for its random number of initial full-batch steps, for every j. */
  public void initialize(FloatMatrix xs, FloatMatrix ys) {
    check(xs, ys);
    for (int j = 0; j < models.length; j++) {
      int steps = seeds.derive("pool-init-steps", j).random().nextInt(initStepsMin, initStepsMax + 1);
      initSteps[j] = steps;
      for (int s = 0; s < steps; s++) {
        sgdStep(j, xs, ys);
      }
      iterations[j] = steps;
    }
  }

  /**
   * The pool update after an outer step that used model j: re-initialise it if
   * {@code it_j >= resetPeriod} (and set {@code it_j = 0}), else one SGD step on
   * {@code MSE(h_j(X_s), Y_s)} and {@code it_j += 1}.
   *
   * @return true if model j was re-initialised
   */
  public boolean update(int j, FloatMatrix xs, FloatMatrix ys) {
    checkIndex(j);
    check(xs, ys);
    if (iterations[j] >= resetPeriod) {
      generations[j]++;
      reinitialise(j);
      iterations[j] = 0;
      return true;
    }
    sgdStep(j, xs, ys);
    iterations[j]++;
    return false;
  }

  private void reinitialise(int j) {
    models[j] = Model.create(spec, seeds.derive("pool-model", j, generations[j]).seed());
    optimizers[j] = new Sgd(optimizer);
  }

  private void sgdStep(int j, FloatMatrix xs, FloatMatrix ys) {
    models[j].lossAndGradient(xs, ys, null, grad);
    optimizers[j].step(models[j].parameters(), grad);
  }

  private void check(FloatMatrix xs, FloatMatrix ys) {
    if (xs.ncol() != spec.inputSize() || ys.ncol() != spec.outputSize() || xs.nrow() != ys.nrow()) {
      throw new IllegalArgumentException("model pool: X_s is " + xs.shape() + " and Y_s is " + ys.shape()
          + " but " + spec + " needs m x " + spec.inputSize() + " and m x " + spec.outputSize());
    }
  }

  private void checkIndex(int j) {
    if (j < 0 || j >= models.length) {
      throw new IndexOutOfBoundsException("model pool: model " + j + " of a pool of " + models.length);
    }
  }

  /** M, the number of models. */
  public int size() {
    return models.length;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The live model j (its parameters change with {@link #update}). */
  public Model model(int j) {
    checkIndex(j);
    return models[j];
  }

  /** {@code it_j}, model j's step counter. */
  public int iterations(int j) {
    checkIndex(j);
    return iterations[j];
  }

  /** How many times model j has been re-initialised. */
  public int generation(int j) {
    checkIndex(j);
    return generations[j];
  }

  /** The number of initial steps model j drew in {@link #initialize} (0 before). */
  public int initialSteps(int j) {
    checkIndex(j);
    return initSteps[j];
  }

  /** The re-initialisation period. */
  public int resetPeriod() {
    return resetPeriod;
  }
}
