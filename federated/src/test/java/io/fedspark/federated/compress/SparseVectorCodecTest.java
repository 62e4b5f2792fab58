package io.fedspark.federated.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The exchange's vector encoding: exact to the bit, and as small as the chosen form promises. */
class SparseVectorCodecTest {
  private static float[] roundTrip(float[] v, int expectedSize) {
    assertEquals(expectedSize, SparseVectorCodec.size(v));
    ByteBuffer b = ByteBuffer.allocate(SparseVectorCodec.size(v)).order(ByteOrder.LITTLE_ENDIAN);
    SparseVectorCodec.put(b, v);
    assertEquals(0, b.remaining(), "size() is what put() writes");
    b.flip();
    float[] back = SparseVectorCodec.get(b);
    assertArrayEquals(bits(v), bits(back));
    return back;
  }

  @Test
  void aDenseVectorStaysDense() {
    roundTrip(new float[] {1f, -0f, Float.NaN, Float.MIN_VALUE, 3f}, 1 + 4 + 4 * 5);
  }

  @Test
  void aMostlyZeroVectorCostsEightBytesAnEntry() {
    float[] v = new float[100];
    v[3] = 1.5f;
    v[97] = -0.25f;
    v[50] = -0f; // -0.0 is not +0.0: kept, to the bit
    roundTrip(v, 1 + 4 + 4 + 3 * 8);
  }

  @Test
  void oneMagnitudeCostsFourBytesAnEntry() {
    float[] v = new float[1000];
    v[0] = 0.001f;
    v[999] = -0.001f;
    v[500] = 0.001f;
    roundTrip(v, 1 + 4 + 4 + 4 + 3 * 4);
  }

  @Test
  void anAllZeroVectorHasNoEntries() {
    roundTrip(new float[10], 1 + 4 + 4);
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }
}
