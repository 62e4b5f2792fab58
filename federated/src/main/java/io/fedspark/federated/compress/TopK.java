package io.fedspark.federated.compress;

/**
 * Top-k sparsification: of the {@code n} coordinates of {@code u}, the {@code k = ceil(fraction * n)}
 * of largest magnitude are sent as they are, every other one as 0 (with error feedback, the
 * "sparsified SGD with memory" of Stich, Cordonnier and Jaggi, 2018, NeurIPS, and the gradient
 * sparsification of Lin et al., 2018, "Deep Gradient Compression", ICLR). Ties at the k-th
 * magnitude go to the lower index, so the choice is a pure function of {@code u}. The k-th largest
 * magnitude is found by selection (Hoare's quickselect, expected O(n)), not by sorting.
 */
public final class TopK implements UpdateCompressor {
  private final double fraction;

  /** @param fraction the share of coordinates sent, in (0, 1] */
  public TopK(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("top-k: fraction = " + fraction + ", expected a number in (0, 1]");
    }
    this.fraction = fraction;
  }

  /** The coordinates sent of a vector of {@code n}: ceil(fraction * n), at least 1 (for n >= 1). */
  public int k(int n) {
    return n == 0 ? 0 : (int) Math.max(1, Math.min(n, Math.ceil(fraction * n)));
  }

  @Override
  public void compress(float[] u, float[] sent) {
    int n = u.length;
    int k = k(n);
    if (k == n) {
      System.arraycopy(u, 0, sent, 0, n);
      return;
    }
    float[] mag = new float[n];
    for (int i = 0; i < n; i++) {
      mag[i] = Math.abs(u[i]);
    }
    float kth = select(mag, n - k); // the k-th largest magnitude
    int above = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(u[i]) > kth) {
        above++;
      }
    }
    int ties = k - above; // coordinates at exactly the k-th magnitude still to send, lowest index first
    for (int i = 0; i < n; i++) {
      float a = Math.abs(u[i]);
      if (a > kth) {
        sent[i] = u[i];
      } else if (a == kth && ties > 0) {
        sent[i] = u[i];
        ties--;
      } else {
        sent[i] = 0f;
      }
    }
  }

  /**
   * The value of rank {@code r} (0-based, ascending) of {@code a}, which it reorders (quickselect
   * with a median-of-three pivot; deterministic). NaN does not occur: updates are checked finite.
   */
  static float select(float[] a, int r) {
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      float pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (r <= j) {
        hi = j;
      } else if (r >= i) {
        lo = i;
      } else {
        return a[r];
      }
    }
    return a[r];
  }

  private static float median(float x, float y, float z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }

  @Override
  public String toString() {
    return "top-k(fraction=" + fraction + ")";
  }
}
