package io.fedspark.federated.aggregate;

import java.io.Serializable;

/**
 * An order-independent weighted sum of parameter vectors, sum_k w_k * p_k, and of the weights
 * sum_k w_k, for the weighted mean used by parameter averaging and FedAvg (McMahan et al., 2017,
 * "Communication-Efficient Learning of Deep Networks from Decentralized Data", eq. w = sum n_k/n w_k).
 *
 * <p>Floating-point addition is not associative, so a sum merged in the order Spark tasks finish
 * would change in its last bits from run to run. Each term is therefore rounded once to a 64-bit
 * fixed-point number with {@value #FRACTION_BITS} fraction bits and the terms are added as exact
 * integers: the total is the same for every order and grouping of {@link #add} and {@link #merge}
 * (the property that makes a treeAggregate over any number of partitions or executors
 * bit-reproducible). Resolution is 2^-32 (about 2.3e-10) per term, finer than float's relative
 * precision for parameters above 1e-2; a term of magnitude 2^31 or more, or an overflowing total,
 * fails loudly instead of wrapping.
 */
public final class WeightedParameterSum implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Fraction bits of the fixed-point representation. */
  public static final int FRACTION_BITS = 32;

  private static final double SCALE = 0x1p32;
  private static final double LIMIT = 0x1p31;

  private long[] sum;
  private long weight;
  private long count;

  /** Kryo / serialisation only. */
  @SuppressWarnings("unused")
  private WeightedParameterSum() {}

  private WeightedParameterSum(int dimension) {
    this.sum = new long[dimension];
  }

  /** An empty sum over vectors of the given length. */
  public static WeightedParameterSum zeros(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    return new WeightedParameterSum(dimension);
  }

  /** Adds w * p. Returns this (for use as a Spark seqOp). */
  public WeightedParameterSum add(float[] params, double w) {
    if (params.length != sum.length) {
      throw new IllegalArgumentException(
          "add: parameter vector has length " + params.length + " but the sum has length " + sum.length);
    }
    if (!(w > 0) || !Double.isFinite(w)) {
      throw new IllegalArgumentException("add: weight must be positive and finite, got " + w);
    }
    for (int j = 0; j < params.length; j++) {
      sum[j] = Math.addExact(sum[j], toFixed(w * params[j], j));
    }
    weight = Math.addExact(weight, toFixed(w, -1));
    count++;
    return this;
  }

  /**
   * The first index j whose {@code w * params[j]} this sum cannot hold (not finite, or |value| >=
   * 2^31), or -1: an update that fails here would make {@link #add} throw.
   */
  public static int unrepresentable(float[] params, double w) {
    for (int j = 0; j < params.length; j++) {
      if (!(Math.abs(w * params[j]) < LIMIT)) {
        return j;
      }
    }
    return -1;
  }

  /** Adds another sum into this one (for use as a Spark combOp). Returns this. */
  public WeightedParameterSum merge(WeightedParameterSum other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException(
          "merge: sums have lengths " + sum.length + " and " + other.sum.length);
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] = Math.addExact(sum[j], other.sum[j]);
    }
    weight = Math.addExact(weight, other.weight);
    count += other.count;
    return this;
  }

  /** The weighted mean sum_k w_k p_k / sum_k w_k, rounded to float. */
  public float[] mean() {
    if (weight == 0) {
      throw new IllegalStateException("mean: total weight is zero (no contribution was added)");
    }
    double total = weight / SCALE;
    float[] out = new float[sum.length];
    for (int j = 0; j < sum.length; j++) {
      out[j] = (float) ((sum[j] / SCALE) / total);
    }
    return out;
  }

  /** Sum of the weights. */
  public double totalWeight() {
    return weight / SCALE;
  }

  /** Number of vectors added. */
  public long count() {
    return count;
  }

  public int dimension() {
    return sum.length;
  }

  private static long toFixed(double v, int index) {
    if (!(Math.abs(v) < LIMIT)) {
      throw new ArithmeticException(
          (index < 0 ? "weight" : "weighted parameter " + index) + " = " + v
              + " is not finite or too large for exact aggregation (|v| must be < 2^31)");
    }
    return Math.round(v * SCALE);
  }
}
