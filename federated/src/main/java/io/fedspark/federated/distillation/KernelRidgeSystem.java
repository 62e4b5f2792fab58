package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.linalg.Cholesky;
import io.fedspark.math.linalg.DoubleCholesky;
import io.fedspark.math.linalg.DoubleMatrix;
import java.util.Objects;

/**
 * The synthetic side of one KRR-ST outer step (Lee, Lee and Hwang, "Self-Supervised Dataset
 * Distillation for Transfer Learning", ICLR 2024): the kernel ridge
 * regression of the synthetic targets on the features of the chosen pool model, and the manual
 * gradient of the outer loss with respect to the synthetic features and targets.
 *
 * <pre>
 *   F_s = [g_j(X_s), 1]                 (m x (h+1), bias column last)
 *   A = F_s F_s' + lambda I,  lambda = ridgeFactor * trace(F_s F_s')   (lambda detached)
 *   alpha = A^-1 Y_s                    (m x r, by Cholesky: A is never inverted)
 *   W = F_s' alpha                      ((h+1) x r)
 *   P = K_rs alpha = F_r F_s' alpha = F_r W,   K_rs = F_r F_s'
 *   L = mean((P - y_r)^2) = SS / (n r),  R = dL/dP = 2 (P - y_r) / (n r)
 *   beta = A^-1 K_rs' R = A^-1 F_s (F_r' R)
 *   dL/dY_s = beta
 *   dL/dF_s = alpha R' F_r - (beta alpha' + alpha beta') F_s
 *           = alpha (G' - beta' F_s) - beta (alpha' F_s),   G = F_r' R = 2 E / (n r)
 * </pre>
 * Derivation: {@code dL/dK_rs = R alpha'} and {@code K_rs = F_r F_s'} give
 * {@code (R alpha')' F_r = alpha R' F_r}; {@code dL/dalpha = K_rs' R} and {@code alpha = A^-1 Y_s}
 * give {@code dL/dY_s = A^-1 K_rs' R = beta} and {@code dL/dA = -beta alpha'}; {@code A = F_s F_s'}
 * gives {@code (dL/dA + dL/dA') F_s}. (The first term is sometimes written
 * {@code R' F_r}, which is r x (h+1); the m x (h+1) term is {@code alpha R' F_r}, confirmed by the
 * finite-difference tests.) Associating {@code P = F_r (F_s' alpha)} instead of forming the
 * n x m kernel {@code K_rs} computes the same quantities with {@code O(n h r)} instead of
 * {@code O(n m (h + r))} work and lets the real batch be reduced to the sums of
 * {@link RealBatchStatistics}, independent of m.
 *
 * <p>Precision: everything here is double. The ridge makes the condition number of A up to about
 * {@code 1 / ridgeFactor = 1e6}, beyond what a float Cholesky resolves (core-math's
 * {@code Cholesky} notes the same), so A is formed from the float features in double and factored
 * with {@link Cholesky#factor(DoubleMatrix)}. Cost {@code m^2 (h+1) / 2} to form A, {@code m^3 / 3}
 * to factor, {@code O(m (h+1) r)} for the rest. Immutable once prepared.
 */
public final class KernelRidgeSystem {
  private final int m;
  private final int h;
  private final int r;
  private final double[] fs;
  private final DoubleCholesky cholesky;
  private final double[] alpha;
  private final double[] w;
  private final double lambda;

  private KernelRidgeSystem(int m, int h, int r, double[] fs, DoubleCholesky cholesky, double[] alpha, double[] w,
      double lambda) {
    this.m = m;
    this.h = h;
    this.r = r;
    this.fs = fs;
    this.cholesky = cholesky;
    this.alpha = alpha;
    this.w = w;
    this.lambda = lambda;
  }

  /**
   * The loss and the gradients of one outer step (double precision).
   *
   * @param loss L
   * @param featureGradient {@code dL/dg_j(X_s)}, {@code m x h}: dL/dF_s without its bias column
   * @param targetGradient {@code dL/dY_s}, {@code m x r}
   */
  public record OuterGradient(double loss, DoubleMatrix featureGradient, DoubleMatrix targetGradient) {}

  /**
   * Prepares the system from float features, as the pool models compute them.
   *
   * @param syntheticFeatures {@code g_j(X_s)}, {@code m x h}, without a bias column
   * @param syntheticTargets {@code Y_s}, {@code m x r}
   * @param ridgeFactor the factor of {@code trace(F_s F_s')} in lambda (reference 1e-6), > 0
   */
  public static KernelRidgeSystem prepare(FloatMatrix syntheticFeatures, FloatMatrix syntheticTargets,
      double ridgeFactor) {
    Objects.requireNonNull(syntheticFeatures, "syntheticFeatures");
    Objects.requireNonNull(syntheticTargets, "syntheticTargets");
    return prepare(DoubleMatrix.from(syntheticFeatures), DoubleMatrix.from(syntheticTargets), ridgeFactor);
  }

  /** As {@link #prepare(FloatMatrix, FloatMatrix, double)} from double features and targets. */
  public static KernelRidgeSystem prepare(DoubleMatrix syntheticFeatures, DoubleMatrix syntheticTargets,
      double ridgeFactor) {
    Objects.requireNonNull(syntheticFeatures, "syntheticFeatures");
    Objects.requireNonNull(syntheticTargets, "syntheticTargets");
    int m = syntheticFeatures.nrow();
    int h = syntheticFeatures.ncol();
    int r = syntheticTargets.ncol();
    if (syntheticTargets.nrow() != m || m < 1 || h < 1 || r < 1) {
      throw new IllegalArgumentException("kernel ridge system: features are " + syntheticFeatures.shape()
          + " and targets " + syntheticTargets.shape() + "; expected m x h and m x r with m, h, r >= 1");
    }
    if (!(ridgeFactor > 0) || Double.isInfinite(ridgeFactor)) {
      throw new IllegalArgumentException("kernel ridge system: ridgeFactor is " + ridgeFactor
          + ", expected a finite number > 0");
    }
    int h1 = h + 1;
    double[] fs = new double[m * h1];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < h; k++) {
        fs[i * h1 + k] = syntheticFeatures.get(i, k);
      }
      fs[i * h1 + h] = 1;
    }
    double[] a = new double[m * m];
    double trace = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < h1; k++) {
          s += fs[i * h1 + k] * fs[j * h1 + k];
        }
        a[i * m + j] = s;
        a[j * m + i] = s;
      }
      trace += a[i * m + i];
    }
    // trace >= m thanks to the bias column, so lambda > 0 and A is positive definite
    double lambda = ridgeFactor * trace;
    for (int i = 0; i < m; i++) {
      a[i * m + i] += lambda;
    }
    DoubleCholesky cholesky = Cholesky.factor(DoubleMatrix.wrap(a, m, m));
    double[] alpha = cholesky.solve(syntheticTargets.copy()).toArray();
    double[] w = transposeTimes(fs, alpha, m, h1, r);
    return new KernelRidgeSystem(m, h, r, fs, cholesky, alpha, w, lambda);
  }

  /**
   * The loss and gradients, given the real batch's statistics computed with {@link #realWeights()}.
   *
   * @throws IllegalArgumentException if the statistics have other dimensions
   * @throws IllegalStateException if they hold no examples
   */
  public OuterGradient gradient(RealBatchStatistics real) {
    Objects.requireNonNull(real, "real");
    if (real.featureWidth() != h || real.targetWidth() != r) {
      throw new IllegalArgumentException("kernel ridge system (h = " + h + ", r = " + r
          + "): the real batch statistics have h = " + real.featureWidth() + ", r = " + real.targetWidth());
    }
    real.requireExamples();
    int h1 = h + 1;
    double scale = 2.0 / ((double) real.count() * r);
    double[] g = real.residualProducts();
    for (int i = 0; i < g.length; i++) {
      g[i] *= scale;
    }
    double[] fsG = times(fs, g, m, h1, r);
    double[] beta = cholesky.solve(DoubleMatrix.wrap(fsG, m, r)).toArray();
    double[] betaTFs = transposeTimes(beta, fs, m, r, h1);
    double[] alphaTFs = transposeTimes(alpha, fs, m, r, h1);
    // T1 = G' - beta' F_s  (r x h1)
    double[] t1 = new double[r * h1];
    for (int j = 0; j < r; j++) {
      for (int k = 0; k < h1; k++) {
        t1[j * h1 + k] = g[k * r + j] - betaTFs[j * h1 + k];
      }
    }
    double[] first = times(alpha, t1, m, r, h1);
    double[] second = times(beta, alphaTFs, m, r, h1);
    DoubleMatrix featureGradient = new DoubleMatrix(m, h);
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < h; k++) {
        featureGradient.set(i, k, first[i * h1 + k] - second[i * h1 + k]);
      }
    }
    return new OuterGradient(real.loss(), featureGradient, DoubleMatrix.wrap(beta, m, r));
  }

  /** {@code X Y} for row-major {@code X} (a x b) and {@code Y} (b x c). */
  private static double[] times(double[] x, double[] y, int a, int b, int c) {
    double[] out = new double[a * c];
    for (int i = 0; i < a; i++) {
      for (int k = 0; k < b; k++) {
        double v = x[i * b + k];
        if (v == 0) {
          continue;
        }
        for (int j = 0; j < c; j++) {
          out[i * c + j] += v * y[k * c + j];
        }
      }
    }
    return out;
  }

  /** {@code X' Y} for row-major {@code X} (a x b) and {@code Y} (a x c): b x c. */
  private static double[] transposeTimes(double[] x, double[] y, int a, int b, int c) {
    double[] out = new double[b * c];
    for (int i = 0; i < a; i++) {
      for (int k = 0; k < b; k++) {
        double v = x[i * b + k];
        if (v == 0) {
          continue;
        }
        for (int j = 0; j < c; j++) {
          out[k * c + j] += v * y[i * c + j];
        }
      }
    }
    return out;
  }

  /** {@code W = F_s' A^-1 Y_s}, {@code (h+1) x r} row-major with the bias row last (a copy). */
  public double[] realWeights() {
    return w.clone();
  }

  /** {@code alpha = A^-1 Y_s}, {@code m x r} (a copy). */
  public DoubleMatrix alpha() {
    return DoubleMatrix.wrap(alpha.clone(), m, r);
  }

  /** lambda, the ridge actually added to the diagonal. */
  public double ridge() {
    return lambda;
  }

  /** m. */
  public int size() {
    return m;
  }

  /** h, the feature width without the bias column. */
  public int featureWidth() {
    return h;
  }

  /** r. */
  public int targetWidth() {
    return r;
  }
}
