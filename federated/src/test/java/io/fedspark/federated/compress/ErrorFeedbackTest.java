package io.fedspark.federated.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Error feedback delays what compression leaves out instead of dropping it: values worked out by
 * hand (all of them exact in binary floating point, so the sums are exact).
 */
class ErrorFeedbackTest {
  @Test
  void aCoordinateTooSmallToBeSentIsSentOnceItsResidualHasGrown() {
    UpdateCompressor top1 = new TopK(1.0 / 3); // k = 1 of 3
    float[] residual = new float[3];
    // round 1: u = (0.5, 0.25, -2): sends -2, keeps (0.5, 0.25, 0)
    assertArrayEquals(new float[] {0, 0, -2}, ErrorFeedback.apply(top1, new float[] {0.5f, 0.25f, -2f}, residual));
    assertArrayEquals(new float[] {0.5f, 0.25f, 0}, residual);
    // round 2: u = (0.5, 0.25, 0) + (0.5, 0.5, 0.75) = (1, 0.75, 0.75): sends the first coordinate's 1
    assertArrayEquals(new float[] {1, 0, 0}, ErrorFeedback.apply(top1, new float[] {0.5f, 0.5f, 0.75f}, residual));
    assertArrayEquals(new float[] {0, 0.75f, 0.75f}, residual);
    // round 3: u = (0, 0.75, 0.75) + (0, 0, 0) : a tie at 0.75 goes to the lower index
    assertArrayEquals(new float[] {0, 0.75f, 0}, ErrorFeedback.apply(top1, new float[3], residual));
    assertArrayEquals(new float[] {0, 0, 0.75f}, residual);
  }

  @Test
  void everythingSentPlusTheResidualIsEverythingUpdated() {
    // threshold encoding: each round sends at most +-tau a coordinate, the rest waits in the residual
    UpdateCompressor t = new ThresholdEncoding(0.5f);
    float[] residual = new float[2];
    float[] sentTotal = new float[2];
    float[][] updates = {{1.75f, 0.25f}, {0.125f, 0.125f}, {0f, -1f}, {0f, 0f}};
    float[] updateTotal = new float[2];
    for (float[] u : updates) {
      float[] sent = ErrorFeedback.apply(t, u, residual);
      for (int i = 0; i < 2; i++) {
        sentTotal[i] += sent[i];
        updateTotal[i] += u[i];
      }
    }
    // 1.875 = 4 x 0.5 would overshoot: 1.5 sent in 3 rounds, 0.375 waiting; -0.625 = 0.5 (round 2) - 1 (round 3): -0.5 sent
    assertArrayEquals(new float[] {1.5f, -0.5f}, sentTotal);
    assertArrayEquals(new float[] {0.375f, -0.125f}, residual);
    for (int i = 0; i < 2; i++) {
      assertEquals(updateTotal[i], sentTotal[i] + residual[i], 0f, "coordinate " + i);
    }
  }

  @Test
  void refusesAResidualOfAnotherLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ErrorFeedback.apply(new TopK(0.5), new float[3], new float[2]));
    assertEquals("error feedback: the update has 3 coordinates but the residual 2", e.getMessage());
  }
}
