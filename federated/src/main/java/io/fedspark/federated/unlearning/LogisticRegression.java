package io.fedspark.federated.unlearning;

/**
 * Binary L2-regularised logistic regression on a few dense features, fitted by Newton's method in
 * double precision on standardised features: the membership-inference attacker. Deterministic
 * (no randomness, a fixed iteration order). The objective is
 * {@code (1/n) sum_i log(1 + exp(-s_i z_i)) + (l2 / 2) ||a||^2}, {@code z_i = a . x_i + b},
 * {@code s_i = +-1}; the penalty (not on the intercept) keeps separable data finite.
 */
final class LogisticRegression implements BinaryClassifier {
  private static final int MAX_ITERATIONS = 100;
  private static final double STEP_TOLERANCE = 1e-10;

  private final double[] mean;
  private final double[] scale;
  private final double[] coefficients; // a_0 .. a_{d-1}, then the intercept b

  private LogisticRegression(double[] mean, double[] scale, double[] coefficients) {
    this.mean = mean;
    this.scale = scale;
    this.coefficients = coefficients;
  }

  /**
   * Fits the classifier.
   *
   * @param x n rows of d features
   * @param positive the class of each row
   * @param l2 the penalty on the (standardised) weights, > 0
   */
  static LogisticRegression fit(double[][] x, boolean[] positive, double l2) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
    }
    int q = d + 1;
    double[] beta = new double[q];
    double[] z = new double[q];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] grad = new double[q];
      double[][] hess = new double[q][q];
      for (int i = 0; i < n; i++) {
        standardise(x[i], mean, scale, z);
        double p = sigmoid(dot(beta, z));
        double r = p - (positive[i] ? 1 : 0);
        double v = p * (1 - p);
        for (int a = 0; a < q; a++) {
          grad[a] += r * z[a] / n;
          for (int b = 0; b < q; b++) {
            hess[a][b] += v * z[a] * z[b] / n;
          }
        }
      }
      for (int a = 0; a < d; a++) {
        grad[a] += l2 * beta[a];
        hess[a][a] += l2;
      }
      hess[d][d] += 1e-12; // the intercept alone is unpenalised; keep the system solvable
      double[] step = solve(hess, grad);
      // backtracking: Newton's full step can overshoot far from the optimum
      double before = objective(x, positive, mean, scale, beta, l2);
      double t = 1;
      double[] next = new double[q];
      while (true) {
        for (int a = 0; a < q; a++) {
          next[a] = beta[a] - t * step[a];
        }
        if (objective(x, positive, mean, scale, next, l2) <= before || t < 1e-8) {
          break;
        }
        t /= 2;
      }
      double size = 0;
      for (int a = 0; a < q; a++) {
        size = Math.max(size, Math.abs(next[a] - beta[a]));
      }
      System.arraycopy(next, 0, beta, 0, q);
      if (size < STEP_TOLERANCE) {
        break;
      }
    }
    return new LogisticRegression(mean, scale, beta);
  }

  private static double objective(double[][] x, boolean[] positive, double[] mean, double[] scale, double[] beta,
      double l2) {
    int n = x.length;
    int d = mean.length;
    double[] z = new double[d + 1];
    double f = 0;
    for (int i = 0; i < n; i++) {
      standardise(x[i], mean, scale, z);
      double m = (positive[i] ? 1 : -1) * dot(beta, z);
      f += (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m))) / n;
    }
    for (int a = 0; a < d; a++) {
      f += 0.5 * l2 * beta[a] * beta[a];
    }
    return f;
  }

  /** The margin {@code a . x + b} of one row: positive means the positive class. */
  double margin(double[] row) {
    double[] z = new double[coefficients.length];
    standardise(row, mean, scale, z);
    return dot(coefficients, z);
  }

  /** Whether the row is predicted positive, {@code P(positive | x) >= 1/2}. */
  @Override
  public boolean predictsPositive(double[] row) {
    return margin(row) >= 0;
  }

  private static void standardise(double[] row, double[] mean, double[] scale, double[] z) {
    for (int j = 0; j < row.length; j++) {
      z[j] = (row[j] - mean[j]) / scale[j];
    }
    z[row.length] = 1;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double sigmoid(double t) {
    return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
  }

  /** Solves the small symmetric positive-definite system {@code A s = g} by Gaussian elimination with pivoting. */
  private static double[] solve(double[][] a, double[] g) {
    int q = g.length;
    double[][] m = new double[q][q + 1];
    for (int i = 0; i < q; i++) {
      System.arraycopy(a[i], 0, m[i], 0, q);
      m[i][q] = g[i];
    }
    for (int c = 0; c < q; c++) {
      int pivot = c;
      for (int r = c + 1; r < q; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = c + 1; r < q; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= q; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] s = new double[q];
    for (int r = q - 1; r >= 0; r--) {
      double v = m[r][q];
      for (int k = r + 1; k < q; k++) {
        v -= m[r][k] * s[k];
      }
      s[r] = v / m[r][r];
    }
    return s;
  }
}
