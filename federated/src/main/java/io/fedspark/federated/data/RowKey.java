package io.fedspark.federated.data;

import java.nio.charset.StandardCharsets;

/**
 * The stable key of a row of a user's table, from which every seeded choice about the row derives
 * (its training partition, its client under a seeded partition scheme, whether it is held out,
 * its place in a partition's order): the {@code id} column's value when the table has one, else
 * a hash of the row's content (features and label). A key depends on the row alone, never on the
 * file it is in, its position or the number of input partitions, so the same rows give the same
 * model however they are laid out.
 *
 * <p>The hash is 64-bit FNV-1a over the bytes followed by the SplitMix64 finaliser (Steele, Lea
 * and Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014), which spreads FNV's
 * weak high bits; equal contents give equal keys (identical rows are interchangeable), and orders
 * break the rare tie between different contents by comparing the contents themselves
 * ({@link #compareContent}), so a collision never makes a result depend on input order.
 */
public final class RowKey {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private RowKey() {}

  /** The key of a row with an id: the hash of the id's text. */
  public static long ofId(String id) {
    long h = FNV_OFFSET;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return mix(h);
  }

  /** The key of a row with an integer id. */
  public static long ofId(long id) {
    return mix(id ^ 0x5851f42d4c957f2dL);
  }

  /** The key of a row without an id: the hash of its features (as float bits) and label. */
  public static long ofContent(float[] features, int offset, int length, int label) {
    long h = FNV_OFFSET;
    for (int i = offset; i < offset + length; i++) {
      int bits = Float.floatToIntBits(features[i]);
      for (int s = 0; s < 32; s += 8) {
        h = (h ^ ((bits >>> s) & 0xff)) * FNV_PRIME;
      }
    }
    h = (h ^ label) * FNV_PRIME;
    return mix(h);
  }

  /**
   * A uniform 64-bit value for the row with key {@code key} and the purpose {@code salt} (a seed
   * derived for one decision: partition, hold-out, order).
   */
  public static long hash(long key, long salt) {
    return mix(key ^ mix(salt));
  }

  /** {@code hash(key, salt)} as a bucket in [0, buckets): unsigned modulo. */
  public static int bucket(long key, long salt, int buckets) {
    return (int) Long.remainderUnsigned(hash(key, salt), buckets);
  }

  /** {@code hash(key, salt)} as a uniform double in [0, 1). */
  public static double unit(long key, long salt) {
    return (hash(key, salt) >>> 11) * 0x1.0p-53;
  }

  /**
   * Orders two rows of equal hash by content: features (float bits, then length), then label. A
   * total order on contents, so sorting by (hash, content) is deterministic.
   */
  public static int compareContent(float[] a, int aOff, int aLen, int aLabel, float[] b, int bOff, int bLen,
      int bLabel) {
    int n = Math.min(aLen, bLen);
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(Float.floatToIntBits(a[aOff + i]), Float.floatToIntBits(b[bOff + i]));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(aLen, bLen);
    return c != 0 ? c : Integer.compare(aLabel, bLabel);
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
