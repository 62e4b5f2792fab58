package io.fedspark.federated.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Threshold encoding sends +-tau where |v| >= tau and nothing elsewhere (Strom 2015). */
class ThresholdEncodingTest {
  @Test
  void sendsSignTimesTauAtOrAboveTau() {
    float[] sent = new float[6];
    new ThresholdEncoding(0.5f).compress(new float[] {0.5f, -0.5f, 0.49f, -3f, 7f, 0f}, sent);
    assertArrayEquals(new float[] {0.5f, -0.5f, 0f, -0.5f, 0.5f, 0f}, sent);
  }

  @Test
  void refusesANonPositiveOrInfiniteTau() {
    assertThrows(IllegalArgumentException.class, () -> new ThresholdEncoding(0f));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdEncoding(-1f));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdEncoding(Float.POSITIVE_INFINITY));
  }
}
