package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.linalg.DoubleMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The synthetic-side algebra of the KRR-ST outer step against an independent double-precision
 * reference: the loss written literally as {@code mean((K_rs (F_s F_s' + lambda I)^-1 Y_s - y_r)^2)}
 * with an explicit n x m kernel and Gaussian elimination, and its gradient by central finite
 * differences with lambda held fixed (it is detached in the method).
 */
@Tag("line-independent")
class KernelRidgeSystemTest {

  static FloatMatrix gaussian(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    FloatMatrix m = new FloatMatrix(n, d);
    for (int i = 0; i < m.size(); i++) {
      m.data()[i] = (float) r.nextGaussian();
    }
    return m;
  }

  /** [F, 1] in double. */
  static double[][] withBias(double[][] f) {
    double[][] out = new double[f.length][];
    for (int i = 0; i < f.length; i++) {
      out[i] = java.util.Arrays.copyOf(f[i], f[i].length + 1);
      out[i][f[i].length] = 1;
    }
    return out;
  }

  static double[][] toArray(FloatMatrix m) {
    double[][] out = new double[m.nrow()][m.ncol()];
    for (int i = 0; i < m.nrow(); i++) {
      for (int j = 0; j < m.ncol(); j++) {
        out[i][j] = m.get(i, j);
      }
    }
    return out;
  }

  /** Solves A X = B by Gaussian elimination with partial pivoting (A, B copied). */
  static double[][] solve(double[][] a0, double[][] b0) {
    int n = a0.length;
    int k = b0[0].length;
    double[][] a = new double[n][];
    double[][] b = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
      b[i] = b0[i].clone();
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
          p = i;
        }
      }
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      t = b[c];
      b[c] = b[p];
      b[p] = t;
      for (int i = c + 1; i < n; i++) {
        double f = a[i][c] / a[c][c];
        for (int j = c; j < n; j++) {
          a[i][j] -= f * a[c][j];
        }
        for (int j = 0; j < k; j++) {
          b[i][j] -= f * b[c][j];
        }
      }
    }
    double[][] x = new double[n][k];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = 0; j < k; j++) {
        double s = b[i][j];
        for (int l = i + 1; l < n; l++) {
          s -= a[i][l] * x[l][j];
        }
        x[i][j] = s / a[i][i];
      }
    }
    return x;
  }

  /** The outer loss, literally, with F_s and F_r including their bias columns and a fixed lambda. */
  static double referenceLoss(double[][] fs, double[][] ys, double[][] fr, double[][] yr, double lambda) {
    int m = fs.length;
    int n = fr.length;
    int r = ys[0].length;
    double[][] a = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        a[i][j] = dot(fs[i], fs[j]) + (i == j ? lambda : 0);
      }
    }
    double[][] alpha = solve(a, ys);
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] krow = new double[m];
      for (int j = 0; j < m; j++) {
        krow[j] = dot(fr[i], fs[j]);
      }
      for (int c = 0; c < r; c++) {
        double p = 0;
        for (int j = 0; j < m; j++) {
          p += krow[j] * alpha[j][c];
        }
        loss += (p - yr[i][c]) * (p - yr[i][c]);
      }
    }
    return loss / (n * r);
  }

  static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  static double maxAbs(DoubleMatrix m) {
    double s = 0;
    for (double v : m.toArray()) {
      s = Math.max(s, Math.abs(v));
    }
    return s;
  }

  /**
   * m <= h + 1 (A well conditioned) and m > h + 1 (F_s F_s' singular, so A's condition number is
   * about 1 / ridgeFactor = 1e6, the regime of the reference where m = 1000 and h = 128).
   */
  @ParameterizedTest
  @CsvSource({"5, 7, 3, 9", "12, 4, 3, 10"})
  void gradientMatchesFiniteDifferencesOfTheLiteralLoss(int m, int h, int r, int n) {
    FloatMatrix fsFloat = gaussian(m, h, 1);
    FloatMatrix ys = gaussian(m, r, 2);
    FloatMatrix fr = gaussian(n, h, 3);
    FloatMatrix yr = gaussian(n, r, 4);
    KernelRidgeSystem system = KernelRidgeSystem.prepare(fsFloat, ys, 1e-6);
    RealBatchStatistics stats = RealBatchStatistics.empty(h, r).add(fr, yr, system.realWeights());
    KernelRidgeSystem.OuterGradient g = system.gradient(stats);

    double lambda = system.ridge();
    double[][] fs = toArray(fsFloat);
    double[][] ysD = toArray(ys);
    double[][] frB = withBias(toArray(fr));
    double[][] yrD = toArray(yr);
    double reference = referenceLoss(withBias(fs), ysD, frB, yrD, lambda);
    // two double evaluations of the same quantity: relative 1e-9 covers cond(A) ~ 1e6 times 1e-16
    assertEquals(reference, g.loss(), 1e-9 * reference);

    // Central differences, step 1e-4: truncation O(step^2 * L''') ~ 1e-8; rounding of L (relative
    // ~1e-16 * cond(A) <= 1e-10) over the step gives <= 1e-6 relative. Tolerance 1e-5 of the
    // largest gradient entry; a wrong term of the formula is O(1) off.
    double step = 1e-4;
    double scaleF = maxAbs(g.featureGradient());
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < h; k++) {
        double saved = fs[i][k];
        fs[i][k] = saved + step;
        double plus = referenceLoss(withBias(fs), ysD, frB, yrD, lambda);
        fs[i][k] = saved - step;
        double minus = referenceLoss(withBias(fs), ysD, frB, yrD, lambda);
        fs[i][k] = saved;
        assertEquals((plus - minus) / (2 * step), g.featureGradient().get(i, k), 1e-5 * scaleF,
            "dL/dF_s(" + i + ", " + k + ")");
      }
    }
    double scaleY = maxAbs(g.targetGradient());
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < r; c++) {
        double saved = ysD[i][c];
        ysD[i][c] = saved + step;
        double plus = referenceLoss(withBias(fs), ysD, frB, yrD, lambda);
        ysD[i][c] = saved - step;
        double minus = referenceLoss(withBias(fs), ysD, frB, yrD, lambda);
        ysD[i][c] = saved;
        assertEquals((plus - minus) / (2 * step), g.targetGradient().get(i, c), 1e-5 * scaleY,
            "dL/dY_s(" + i + ", " + c + ")");
      }
    }
    assertTrue(scaleF > 0 && scaleY > 0);
  }

  @Test
  void blocksMergeToTheWholeBatch() {
    int m = 6;
    int h = 5;
    int r = 4;
    KernelRidgeSystem system = KernelRidgeSystem.prepare(gaussian(m, h, 5), gaussian(m, r, 6), 1e-6);
    FloatMatrix fr = gaussian(20, h, 7);
    FloatMatrix yr = gaussian(20, r, 8);
    double[] w = system.realWeights();
    RealBatchStatistics whole = RealBatchStatistics.empty(h, r).add(fr, yr, w);
    RealBatchStatistics merged = RealBatchStatistics.empty(h, r)
        .merge(RealBatchStatistics.empty(h, r).add(fr.rows(0, 7), yr.rows(0, 7), w))
        .merge(RealBatchStatistics.empty(h, r).add(fr.rows(7, 13), yr.rows(7, 13), w));
    assertEquals(20, merged.count());
    // the same sums in another order: relative 1e-12
    assertEquals(whole.squaredError(), merged.squaredError(), 1e-12 * whole.squaredError());
    double[] a = whole.residualProducts();
    double[] b = merged.residualProducts();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-12 * (1 + Math.abs(a[i])));
    }
  }

  @Test
  void refusesEmptyAndMismatchedStatistics() {
    KernelRidgeSystem system = KernelRidgeSystem.prepare(gaussian(3, 2, 1), gaussian(3, 2, 2), 1e-6);
    IllegalStateException empty = assertThrows(IllegalStateException.class,
        () -> system.gradient(RealBatchStatistics.empty(2, 2)));
    assertTrue(empty.getMessage().contains("no examples"), empty.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> RealBatchStatistics.empty(2, 2).merge(RealBatchStatistics.empty(3, 2)));
    assertTrue(shape.getMessage().contains("h = 3"), shape.getMessage());
    IllegalArgumentException widths = assertThrows(IllegalArgumentException.class,
        () -> RealBatchStatistics.empty(2, 2).add(gaussian(4, 3, 1), gaussian(4, 2, 1), system.realWeights()));
    assertTrue(widths.getMessage().contains("4 x 3"), widths.getMessage());
  }

  @Test
  void ridgeIsTheFactorTimesTheTraceIncludingTheBiasColumn() {
    FloatMatrix f = FloatMatrix.wrap(new float[] {1, 2, 3, 4}, 2, 2);
    KernelRidgeSystem system = KernelRidgeSystem.prepare(f, gaussian(2, 1, 1), 1e-6);
    // trace(F_s F_s') with the bias column: (1 + 4 + 1) + (9 + 16 + 1) = 32
    assertEquals(32e-6, system.ridge(), 1e-18);
  }
}
