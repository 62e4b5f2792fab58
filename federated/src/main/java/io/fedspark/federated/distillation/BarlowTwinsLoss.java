package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * The Barlow Twins objective (Zbontar, Jing, Misra, LeCun and Deny, "Barlow Twins:
 * Self-Supervised Learning via Redundancy Reduction", ICML 2021) and its gradient, derived by hand
 * so that it can be fed through {@code Model.backpropagate}.
 *
 * <p>For two batches of embeddings {@code Z_A, Z_B} ({@code n x d}, row i of both from two views of
 * example i), each column is standardised over the batch as by a {@code BatchNorm1d} without affine
 * parameters in training mode: {@code a = (z - mu) / s}, {@code s = sqrt(var + eps)} with the biased
 * variance {@code var = mean((z - mu)^2)}. With {@code C = A' B / n} (d x d cross-correlation):
 * <pre>
 *   L = sum_i (1 - C_ii)^2 + lambda sum_{i != j} C_ij^2
 *   G = dL/dC:  G_ii = -2 (1 - C_ii),  G_ij = 2 lambda C_ij
 *   dL/dA = B G' / n,   dL/dB = A G / n
 *   dL/dz (one column) = (1/s) (da - mean(da) - a mean(da * a))
 * </pre>
 * The last line is the exact Jacobian of the standardisation, {@code da_i/dz_k = (1/s)(delta_ik -
 * 1/n - a_i a_k / n)}, including {@code eps}. Everything is computed in double and the gradients
 * rounded to float. Cost {@code 3 n d^2} multiply-adds.
 */
public final class BarlowTwinsLoss {
  /** The paper's weight of the redundancy-reduction (off-diagonal) term. */
  public static final double DEFAULT_LAMBDA = 0.0051;
  /** {@code BatchNorm1d}'s default epsilon. */
  public static final double DEFAULT_EPSILON = 1e-5;

  private BarlowTwinsLoss() {}

  /**
   * The loss and its gradients with respect to both embedding batches.
   *
   * @param loss L
   * @param gradientA {@code dL/dZ_A}, {@code n x d}
   * @param gradientB {@code dL/dZ_B}, {@code n x d}
   * @param meanDiagonal the mean of {@code C_ii} (1 when the views agree perfectly)
   */
  public record Result(double loss, FloatMatrix gradientA, FloatMatrix gradientB, double meanDiagonal) {}

  /**
   * Evaluates L and its gradients.
   *
   * @param za embeddings of the first views, {@code n x d} with {@code n >= 2}
   * @param zb embeddings of the second views, same shape
   * @param lambda weight of the off-diagonal term, at least 0
   * @param epsilon added to the variance, at least 0
   */
  public static Result compute(FloatMatrix za, FloatMatrix zb, double lambda, double epsilon) {
    checkInputs(za, zb, lambda, epsilon);
    int n = za.nrow();
    int d = za.ncol();
    double[] sa = new double[d];
    double[] sb = new double[d];
    double[] a = standardise(za, sa, epsilon);
    double[] b = standardise(zb, sb, epsilon);
    double[] c = crossCorrelation(a, b, n, d);
    double[] g = lossGradient(c, lambda, d);
    return new Result(loss(c, lambda, d), standardiseBackward(a, gradientA(b, g, n, d), sa, n, d),
        standardiseBackward(b, gradientB(a, g, n, d), sb, n, d), meanDiagonal(c, d));
  }

  private static void checkInputs(FloatMatrix za, FloatMatrix zb, double lambda, double epsilon) {
    Objects.requireNonNull(za, "za");
    Objects.requireNonNull(zb, "zb");
    if (za.nrow() != zb.nrow() || za.ncol() != zb.ncol()) {
      throw new IllegalArgumentException("barlow twins: Z_A is " + za.shape() + " but Z_B is " + zb.shape()
          + "; expected the same shape");
    }
    if (za.nrow() < 2) {
      throw new IllegalArgumentException("barlow twins: batch of " + za.nrow()
          + " rows; batch statistics need at least 2");
    }
    if (!(lambda >= 0) || !(epsilon >= 0)) {
      throw new IllegalArgumentException("barlow twins: lambda " + lambda + " and epsilon " + epsilon
          + " must both be >= 0");
    }
  }

  /** {@code C = A' B / n}, d x d row-major, from the standardised {@code A} and {@code B} (n x d). */
  private static double[] crossCorrelation(double[] a, double[] b, int n, int d) {
    double[] c = new double[d * d];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < d; i++) {
        double aki = a[k * d + i];
        if (aki == 0) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          c[i * d + j] += aki * b[k * d + j];
        }
      }
    }
    for (int i = 0; i < d * d; i++) {
      c[i] /= n;
    }
    return c;
  }

  /** {@code L = sum_i (1 - C_ii)^2 + lambda sum_{i != j} C_ij^2}, summed in row-major order. */
  private static double loss(double[] c, double lambda, int d) {
    double loss = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double cij = c[i * d + j];
        loss += i == j ? (1 - cij) * (1 - cij) : lambda * cij * cij;
      }
    }
    return loss;
  }

  /** {@code G = dL/dC}: {@code G_ii = -2 (1 - C_ii)}, {@code G_ij = 2 lambda C_ij}. */
  private static double[] lossGradient(double[] c, double lambda, int d) {
    double[] g = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double cij = c[i * d + j];
        g[i * d + j] = i == j ? -2 * (1 - cij) : 2 * lambda * cij;
      }
    }
    return g;
  }

  /** The mean of {@code C_ii}. */
  private static double meanDiagonal(double[] c, int d) {
    double diagonal = 0;
    for (int i = 0; i < d; i++) {
      diagonal += c[i * d + i];
    }
    return diagonal / d;
  }

  /** {@code dL/dA = B G' / n}: {@code dA_ki = sum_j B_kj G_ij / n}. */
  private static double[] gradientA(double[] b, double[] g, int n, int d) {
    double[] da = new double[n * d];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < d; i++) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
          sum += b[k * d + j] * g[i * d + j];
        }
        da[k * d + i] = sum / n;
      }
    }
    return da;
  }

  /** {@code dL/dB = A G / n}: {@code dB_kj = sum_i A_ki G_ij / n}. */
  private static double[] gradientB(double[] a, double[] g, int n, int d) {
    double[] db = new double[n * d];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < d; i++) {
        double aki = a[k * d + i];
        for (int j = 0; j < d; j++) {
          db[k * d + j] += aki * g[i * d + j];
        }
      }
    }
    for (int i = 0; i < n * d; i++) {
      db[i] /= n;
    }
    return db;
  }

  /**
   * Column-standardised copy of z in double, {@code a = (z - mu) / s} with {@code s = sqrt(var + eps)};
   * writes each column's s into {@code scale}.
   */
  private static double[] standardise(FloatMatrix z, double[] scale, double epsilon) {
    int n = z.nrow();
    int d = z.ncol();
    float[] data = z.data();
    int off = z.offset();
    double[] out = new double[n * d];
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int k = 0; k < n; k++) {
        mean += data[off + k * d + j];
      }
      mean /= n;
      double var = 0;
      for (int k = 0; k < n; k++) {
        double e = data[off + k * d + j] - mean;
        var += e * e;
      }
      double s = Math.sqrt(var / n + epsilon);
      scale[j] = s;
      for (int k = 0; k < n; k++) {
        // a zero column with epsilon 0 stays 0 instead of becoming NaN
        out[k * d + j] = s == 0 ? 0 : (data[off + k * d + j] - mean) / s;
      }
    }
    return out;
  }

  /** {@code dL/dz} of one column from {@code da}: {@code (1/s) (da - mean(da) - a mean(da * a))}, as float. */
  private static FloatMatrix standardiseBackward(double[] a, double[] da, double[] scale, int n, int d) {
    FloatMatrix out = new FloatMatrix(n, d);
    float[] o = out.data();
    for (int j = 0; j < d; j++) {
      double meanGrad = 0;
      double meanGradA = 0;
      for (int k = 0; k < n; k++) {
        meanGrad += da[k * d + j];
        meanGradA += da[k * d + j] * a[k * d + j];
      }
      meanGrad /= n;
      meanGradA /= n;
      double s = scale[j];
      for (int k = 0; k < n; k++) {
        o[k * d + j] = s == 0 ? 0f : (float) ((da[k * d + j] - meanGrad - a[k * d + j] * meanGradA) / s);
      }
    }
    return out;
  }
}
