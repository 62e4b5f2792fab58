package io.fedspark.jobs.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row-major gemm problem {@code C(m x n) = op(A)(m x k) op(B)(k x n)}, as in
 * {@code io.fedspark.math.blas.Blas#gemm}; written {@code m x k x n}, with {@code ^T} on a
 * transposed operand, e.g. {@code 64x784x200} or {@code 784^Tx64x200} (the weight gradient
 * {@code X^T D}).
 */
public record GemmShape(int m, int k, int n, boolean transA, boolean transB) {

  public GemmShape {
    if (m < 1 || k < 1 || n < 1) {
      throw new IllegalArgumentException("gemm shape " + m + "x" + k + "x" + n + ": every dimension must be >= 1");
    }
  }

  private static final Pattern TEXT = Pattern.compile("(\\d+)(\\^T)?x(\\d+)x(\\d+)(\\^T)?");

  /** The shape written as {@link #toString()} writes it, e.g. {@code 64x784x200} or {@code 784^Tx64x200}. */
  public static GemmShape parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("gemm shape '" + text + "': expected m x k x n with an optional ^T on m (A"
          + " transposed) and on n (B transposed), e.g. 64x784x200 or 784^Tx64x200");
    }
    return new GemmShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
        m.group(2) != null, m.group(5) != null);
  }

  /** {@code C = A B} without transposes. */
  public static GemmShape of(int m, int k, int n) {
    return new GemmShape(m, k, n, false, false);
  }

  /** Floating-point operations of one call, {@code 2 m n k} (one multiply and one add per term). */
  public double flops() {
    return 2.0 * m * n * k;
  }

  /** Rows of A as stored (k if transposed). */
  public int aRows() {
    return transA ? k : m;
  }

  public int aCols() {
    return transA ? m : k;
  }

  public int bRows() {
    return transB ? n : k;
  }

  public int bCols() {
    return transB ? k : n;
  }

  @Override
  public String toString() {
    return m + (transA ? "^T" : "") + "x" + k + "x" + n + (transB ? "^T" : "");
  }
}
