package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every pacing function against values worked out by hand with N = 100, a = 0.5, b = 0.2,
 * T = 100, so aT = 50, N0 = 20 and N - N0 = 80. Sizes are integers, so the comparisons are exact.
 */
@Tag("line-independent")
class PacingFunctionTest {
  private static final double A = 0.5;
  private static final double B = 0.2;
  private static final double T = 100;
  private static final int N = 100;

  private static int g(PacingFunction f, double t) {
    return f.size(t, A, B, T, N);
  }

  @Test
  void linear() {
    assertEquals(20, g(PacingFunction.LINEAR, 0)); // N0
    assertEquals(60, g(PacingFunction.LINEAR, 25)); // 20 + 80 * 25/50
    assertEquals(84, g(PacingFunction.LINEAR, 40)); // 20 + 80 * 0.8
    assertEquals(99, g(PacingFunction.LINEAR, 49.9)); // 99.84 truncated
    assertEquals(100, g(PacingFunction.LINEAR, 50)); // aT: full data
    assertEquals(100, g(PacingFunction.LINEAR, 500)); // 820 by the formula, clipped
  }

  @Test
  void quad() {
    assertEquals(20, g(PacingFunction.QUAD, 0));
    assertEquals(23, g(PacingFunction.QUAD, 10)); // 20 + 80 * 100/2500 = 23.2
    assertEquals(40, g(PacingFunction.QUAD, 25)); // 20 + 80 * 0.25
    assertEquals(71, g(PacingFunction.QUAD, 40)); // 20 + 80 * 0.64 = 71.2
    assertEquals(100, g(PacingFunction.QUAD, 50));
    assertEquals(100, g(PacingFunction.QUAD, 75));
  }

  @Test
  void sqrt() {
    assertEquals(20, g(PacingFunction.SQRT, 0));
    assertEquals(45, g(PacingFunction.SQRT, 5)); // 20 + 80 * sqrt(0.1) = 45.298
    assertEquals(76, g(PacingFunction.SQRT, 25)); // 20 + 80 * sqrt(0.5) = 76.569
    assertEquals(100, g(PacingFunction.SQRT, 50));
    assertEquals(100, g(PacingFunction.SQRT, 1e6));
  }

  @Test
  void exp() {
    assertEquals(20, g(PacingFunction.EXP, 0)); // e^0 - 1 = 0
    assertEquals(20, g(PacingFunction.EXP, 25)); // 20 + 80 (e^5 - 1)/(e^10 - 1) = 20.535
    assertEquals(30, g(PacingFunction.EXP, 40)); // 20 + 80 (e^8 - 1)/(e^10 - 1) = 30.824
    assertEquals(98, g(PacingFunction.EXP, 49.9)); // 98.416
    assertEquals(100, g(PacingFunction.EXP, 50));
    assertEquals(100, g(PacingFunction.EXP, 1e4)); // e^(2000) overflows; still full data
  }

  @Test
  void log() {
    assertEquals(20, g(PacingFunction.LOG, 0)); // 1 + ln(e^-10)/10 = 0
    assertEquals(81, g(PacingFunction.LOG, 5)); // 20 + 80 (1 + ln(0.1 + e^-10)/10) = 81.583
    assertEquals(94, g(PacingFunction.LOG, 25)); // 94.456
    assertEquals(98, g(PacingFunction.LOG, 40)); // 98.215
    assertEquals(100, g(PacingFunction.LOG, 50)); // formula: 100.0007, clipped
    assertEquals(100, g(PacingFunction.LOG, 51));
  }

  @Test
  void step() {
    assertEquals(20, g(PacingFunction.STEP, 0));
    assertEquals(20, g(PacingFunction.STEP, 49.99)); // floor(t/aT) = 0
    assertEquals(100, g(PacingFunction.STEP, 50)); // 20 + 100, clipped
    assertEquals(100, g(PacingFunction.STEP, 120));
  }

  @Test
  void clipsToAtLeastOne() {
    for (PacingFunction f : PacingFunction.values()) {
      assertEquals(1, f.size(0, 0.8, 0.0, 10, 50), f + " with b = 0 starts at N0 = 0, clipped to 1");
      assertEquals(1, f.size(3, 0.8, 0.5, 10, 1), f + " with N = 1");
      assertEquals(1, f.size(0, 0.8, 0.001, 10, 50), f + " with N0 = 0.05 truncates to 0, clipped to 1");
    }
  }

  @Test
  void neverDecreasesAndEndsFull() {
    for (PacingFunction f : PacingFunction.values()) {
      int previous = 0;
      for (int t = 0; t <= 120; t++) {
        int s = f.size(t, 0.8, 0.2, 100, 37);
        assertTrue(s >= previous && s >= 1 && s <= 37, f + " at t = " + t + ": " + s + " after " + previous);
        previous = s;
      }
      assertEquals(37, previous, f.toString());
    }
  }

  @Test
  void aAboveOneNeverReachesFullDataWithinT() {
    assertEquals(60, PacingFunction.LINEAR.size(100, 2, 0.2, 100, 100)); // 20 + 80 * 100/200
  }

  @Test
  void rejectsInvalidArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PacingFunction.LINEAR.size(1, 0, 0.2, 10, 10));
    assertTrue(e.getMessage().contains("a is 0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PacingFunction.LINEAR.size(1, 0.5, 1.5, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> PacingFunction.LINEAR.size(-1, 0.5, 0.2, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> PacingFunction.LINEAR.size(1, 0.5, 0.2, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> PacingFunction.LINEAR.size(1, 0.5, 0.2, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> PacingFunction.LINEAR.size(Double.NaN, 0.5, 0.2, 10, 10));
  }

  @Test
  void configNamesRoundTrip() {
    for (PacingFunction f : PacingFunction.values()) {
      assertEquals(f, Choice.parse(PacingFunction.class, f.configName().toUpperCase(), "k"));
    }
    assertEquals("linear quad sqrt exp log step", String.join(" ", java.util.Arrays.stream(PacingFunction.values())
        .map(PacingFunction::configName).toList()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Choice.parse(PacingFunction.class, "cubic", CurriculumOptions.DATA_PACING.key()));
    assertEquals("federate.curriculum.data-pacing = 'cubic': expected one of linear | quad | sqrt | exp | log | step",
        e.getMessage());
  }
}
