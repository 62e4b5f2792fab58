package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded k-means clustering: k-means++ seeding (Arthur and Vassilvitskii, "k-means++: The
 * Advantages of Careful Seeding", SODA 2007) followed by Lloyd's iterations (Lloyd, "Least squares
 * quantization in PCM", IEEE Trans. Inf. Theory 28(2), 1982). The KRR-ST paper's "k-means"
 * baseline pretrains on the m centroids of the real inputs (with {@code phi} of them as targets).
 *
 * <p>Seeding: the first centre is a uniformly random row; each further centre is row i with
 * probability {@code D(i)^2 / sum D^2}, D the distance to the nearest centre chosen so far. Lloyd:
 * assign every row to its nearest centre (lowest index on ties), move each centre to the mean of
 * its rows; a centre that loses all its rows stays where it is. Stops after {@code maxIterations}
 * or when no assignment changes. The inertia {@code sum_i ||x_i - c(i)||^2} never increases over
 * the iterations (up to the float rounding of the distance comparisons, which can only matter
 * for near-ties). Distances use {@code ||x||^2 - 2 x.c + ||c||^2} with one {@code gemm} per pass;
 * inertia is accumulated in double from the exact differences. All draws from
 * {@code SeedSequence.root(seed).derive("kmeans++")}: same data and seed, same result.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * A clustering.
   *
   * @param centroids {@code k x d}
   * @param assignments the centre of each row
   * @param inertiaHistory the inertia after seeding (entry 0) and after each Lloyd iteration
   * @param iterations the number of Lloyd iterations run
   */
  public record Result(FloatMatrix centroids, int[] assignments, double[] inertiaHistory, int iterations) {
    /** The final inertia. */
    public double inertia() {
      return inertiaHistory[inertiaHistory.length - 1];
    }
  }

  /**
   * Clusters the rows of {@code x} into k groups.
   *
   * @param x {@code n x d}, not modified
   * @param k number of clusters, in {@code [1, n]}
   * @param maxIterations most Lloyd iterations, at least 0 (0 returns the k-means++ centres)
   */
  public static Result fit(FloatMatrix x, int k, int maxIterations, long seed) {
    Objects.requireNonNull(x, "x");
    int n = x.nrow();
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k-means: k is " + k + " for " + n + " rows, expected 1 <= k <= n");
    }
    if (maxIterations < 0) {
      throw new IllegalArgumentException("k-means: maxIterations is " + maxIterations + ", expected at least 0");
    }
    FloatMatrix centres = plusPlus(x, k, SeedSequence.root(seed).derive("kmeans++").random());
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    assign(x, centres, assignment);
    double[] history = new double[maxIterations + 1];
    history[0] = inertia(x, centres, assignment);
    int it = 0;
    while (it < maxIterations) {
      update(x, centres, assignment);
      boolean changed = assign(x, centres, assignment);
      it++;
      history[it] = inertia(x, centres, assignment);
      if (!changed) {
        break;
      }
    }
    return new Result(centres, assignment, Arrays.copyOf(history, it + 1), it);
  }

  /** The k-means++ centres (copies of k distinct rows when the rows are distinct). */
  static FloatMatrix plusPlus(FloatMatrix x, int k, SplittableRandom random) {
    int n = x.nrow();
    int d = x.ncol();
    FloatMatrix centres = new FloatMatrix(k, d);
    int first = random.nextInt(n);
    System.arraycopy(x.data(), x.offset() + first * d, centres.data(), 0, d);
    double[] nearest = new double[n];
    for (int i = 0; i < n; i++) {
      nearest[i] = squaredDistance(x, i, centres, 0);
    }
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (double v : nearest) {
        total += v;
      }
      int chosen;
      if (total <= 0) {
        chosen = random.nextInt(n); // all rows coincide with centres already: any row will do
      } else {
        double u = random.nextDouble() * total;
        chosen = n - 1;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
          cumulative += nearest[i];
          if (u < cumulative) {
            chosen = i;
            break;
          }
        }
      }
      System.arraycopy(x.data(), x.offset() + chosen * d, centres.data(), c * d, d);
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], squaredDistance(x, i, centres, c));
      }
    }
    return centres;
  }

  /** Nearest centre of every row (lowest index on ties); returns true if any assignment changed. */
  private static boolean assign(FloatMatrix x, FloatMatrix centres, int[] assignment) {
    int n = x.nrow();
    int k = centres.nrow();
    int d = x.ncol();
    float[] centreNorms = new float[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        float v = centres.data()[c * d + j];
        s += v * v;
      }
      centreNorms[c] = (float) s;
    }
    boolean changed = false;
    int chunk = 1024;
    FloatMatrix dots = new FloatMatrix(Math.min(chunk, n), k);
    for (int start = 0; start < n; start += chunk) {
      int rows = Math.min(chunk, n - start);
      FloatMatrix out = dots.rows(0, rows);
      MathRuntime.blas().gemm(false, true, 1f, x.rows(start, rows), centres, 0f, out);
      for (int i = 0; i < rows; i++) {
        int best = 0;
        float bestValue = Float.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          // ||x||^2 is the same for every centre, so it is left out of the comparison
          float v = centreNorms[c] - 2 * out.data()[out.offset() + i * k + c];
          if (v < bestValue) {
            bestValue = v;
            best = c;
          }
        }
        if (assignment[start + i] != best) {
          assignment[start + i] = best;
          changed = true;
        }
      }
    }
    return changed;
  }

  private static void update(FloatMatrix x, FloatMatrix centres, int[] assignment) {
    int d = x.ncol();
    int k = centres.nrow();
    double[] sums = new double[k * d];
    int[] counts = new int[k];
    for (int i = 0; i < x.nrow(); i++) {
      int c = assignment[i];
      counts[c]++;
      int o = x.offset() + i * d;
      for (int j = 0; j < d; j++) {
        sums[c * d + j] += x.data()[o + j];
      }
    }
    for (int c = 0; c < k; c++) {
      if (counts[c] == 0) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        centres.data()[c * d + j] = (float) (sums[c * d + j] / counts[c]);
      }
    }
  }

  /** {@code sum_i ||x_i - c(i)||^2} in double. */
  public static double inertia(FloatMatrix x, FloatMatrix centres, int[] assignment) {
    double s = 0;
    for (int i = 0; i < x.nrow(); i++) {
      s += squaredDistance(x, i, centres, assignment[i]);
    }
    return s;
  }

  private static double squaredDistance(FloatMatrix x, int i, FloatMatrix centres, int c) {
    int d = x.ncol();
    int xo = x.offset() + i * d;
    int co = centres.offset() + c * d;
    double s = 0;
    for (int j = 0; j < d; j++) {
      double e = x.data()[xo + j] - centres.data()[co + j];
      s += e * e;
    }
    return s;
  }
}
