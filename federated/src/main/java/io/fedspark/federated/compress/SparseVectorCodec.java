package io.fedspark.federated.compress;

import java.nio.ByteBuffer;

/**
 * The exchange's encoding of a float vector, exact to the bit, in whichever of three forms is
 * smallest for it: dense (4 bytes a coordinate), sparse (an int index and a float value for each
 * coordinate whose bits are not those of +0.0f) or signed-sparse (when every such coordinate has
 * the same magnitude bits, as threshold encoding sends: that magnitude once, then one int a
 * coordinate, its index with the sign in the top bit, DL4J's encoding after Strom 2015). A vector
 * that compression left mostly zero costs in proportion to what it sends; an uncompressed one
 * stays dense. Byte order is the buffer's.
 */
public final class SparseVectorCodec {
  private static final byte DENSE = 0;
  private static final byte SPARSE = 1;
  private static final byte SIGNED = 2;

  private SparseVectorCodec() {}

  /** The encoded size of {@code v} in bytes. */
  public static int size(float[] v) {
    return size(Shape.of(v), v.length);
  }

  /** Writes {@code v}. */
  public static void put(ByteBuffer b, float[] v) {
    Shape s = Shape.of(v);
    byte form = form(s, v.length);
    b.put(form).putInt(v.length);
    switch (form) {
      case DENSE -> {
        b.asFloatBuffer().put(v);
        b.position(b.position() + 4 * v.length);
      }
      case SPARSE -> {
        b.putInt(s.nonZero);
        for (int i = 0; i < v.length; i++) {
          int bits = Float.floatToRawIntBits(v[i]);
          if (bits != 0) {
            b.putInt(i).putInt(bits);
          }
        }
      }
      default -> {
        b.putInt(s.nonZero).putInt(s.magnitude);
        for (int i = 0; i < v.length; i++) {
          int bits = Float.floatToRawIntBits(v[i]);
          if (bits != 0) {
            b.putInt(i | (bits & 0x8000_0000));
          }
        }
      }
    }
  }

  /** Reads a vector {@link #put} wrote. */
  public static float[] get(ByteBuffer b) {
    byte form = b.get();
    float[] v = new float[b.getInt()];
    switch (form) {
      case DENSE -> {
        b.asFloatBuffer().get(v);
        b.position(b.position() + 4 * v.length);
      }
      case SPARSE -> {
        int n = b.getInt();
        for (int k = 0; k < n; k++) {
          int i = b.getInt();
          v[i] = Float.intBitsToFloat(b.getInt());
        }
      }
      case SIGNED -> {
        int n = b.getInt();
        int magnitude = b.getInt();
        for (int k = 0; k < n; k++) {
          int e = b.getInt();
          v[e & 0x7fff_ffff] = Float.intBitsToFloat(magnitude | (e & 0x8000_0000));
        }
      }
      default -> throw new IllegalArgumentException("vector encoding: unknown form " + form
          + ", expected 0 (dense), 1 (sparse) or 2 (signed-sparse)");
    }
    return v;
  }

  private static byte form(Shape s, int n) {
    long dense = 4L * n;
    long sparse = 4 + 8L * s.nonZero;
    long signed = s.oneMagnitude ? 8 + 4L * s.nonZero : Long.MAX_VALUE;
    if (signed < sparse && signed < dense) {
      return SIGNED;
    }
    return sparse < dense ? SPARSE : DENSE;
  }

  private static int size(Shape s, int n) {
    return 1 + 4 + switch (form(s, n)) {
      case DENSE -> 4 * n;
      case SPARSE -> 4 + 8 * s.nonZero;
      default -> 8 + 4 * s.nonZero;
    };
  }

  /** The coordinates whose bits are not +0.0f's, and whether they share one magnitude. */
  private record Shape(int nonZero, boolean oneMagnitude, int magnitude) {
    static Shape of(float[] v) {
      int n = 0;
      int magnitude = 0;
      boolean one = true;
      for (float x : v) {
        int bits = Float.floatToRawIntBits(x);
        if (bits != 0) {
          int m = bits & 0x7fff_ffff;
          if (n == 0) {
            magnitude = m;
          } else if (m != magnitude) {
            one = false;
          }
          n++;
        }
      }
      return new Shape(n, one && n > 0, magnitude);
    }
  }
}
