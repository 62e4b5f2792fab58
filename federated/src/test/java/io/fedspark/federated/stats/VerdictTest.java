package io.fedspark.federated.stats;

import static io.fedspark.federated.stats.PairedDifferenceTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class VerdictTest {
  /** Differences with the given mean and a spread that gives a 95% CI of mean -+ 0.98 (s = 0.79, n = 5). */
  private static PairedDifference around(double mean) {
    double[] treatment = {mean + 1, mean - 1, mean + 0.5, mean - 0.5, mean};
    return PairedDifference.of(treatment, new double[5]);
  }

  @Test
  void anIncreaseIsReproducedOnlyWhenTheIntervalIsAboveZero() {
    assertEquals(Verdict.REPRODUCED, Verdict.judge(ReportedEffect.INCREASE, around(2)));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(ReportedEffect.INCREASE, around(0.5)));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(ReportedEffect.INCREASE, around(-0.5)));
    assertEquals(Verdict.NOT_REPRODUCED, Verdict.judge(ReportedEffect.INCREASE, around(-2)));
  }

  @Test
  void aDecreaseMirrorsIt() {
    assertEquals(Verdict.REPRODUCED, Verdict.judge(ReportedEffect.DECREASE, around(-2)));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(ReportedEffect.DECREASE, around(0.3)));
    assertEquals(Verdict.NOT_REPRODUCED, Verdict.judge(ReportedEffect.DECREASE, around(2)));
  }

  @Test
  void anIntervalTouchingZeroIsInconclusive() {
    PairedDifference touching = PairedDifference.of(new double[] {0, 2}, new double[] {0, 0}, 0.5);
    // d = (0, 2): mean 1, se 1, t_{0.75, 1} = 1: the 50% interval is exactly [0, 2].
    assertEquals(0, touching.lower(), 1e-12);
    PairedDifference exact = new PairedDifference(new double[] {0, 2}, 0.5, 1, Math.sqrt(2), 0, 2, 0.5);
    assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(ReportedEffect.INCREASE, exact));
  }

  @Test
  void noDifferenceNeedsTheIntervalInsideTheMargin() {
    assertEquals(Verdict.REPRODUCED, Verdict.judge(ReportedEffect.NO_DIFFERENCE, around(0.1), 2));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.judge(ReportedEffect.NO_DIFFERENCE, around(0.1), 0.5));
    assertEquals(Verdict.NOT_REPRODUCED, Verdict.judge(ReportedEffect.NO_DIFFERENCE, around(3), 0.5));
    assertMessage("verdict: a reported no-difference needs an equivalence margin",
        () -> Verdict.judge(ReportedEffect.NO_DIFFERENCE, around(0)));
    assertMessage("verdict: equivalence margin 0.0", () -> Verdict.judge(ReportedEffect.NO_DIFFERENCE, around(0), 0));
  }

  @Test
  void sentenceStatesTheIntervalTheClaimAndTheVerdict() {
    PairedDifference d = PairedDifference.of(new double[] {74.18, 75.02, 73.90, 74.61, 75.33},
        new double[] {74.79, 74.50, 74.12, 73.80, 75.10});
    Verdict v = Verdict.judge(ReportedEffect.INCREASE, d);
    assertEquals("KRR-ST - random subset (accuracy points): +0.15 [95% CI -0.56, +0.85], n = 5, p = 0.597; the paper"
        + " reports an increase: inconclusive.", v.sentence("KRR-ST - random subset (accuracy points)",
            ReportedEffect.INCREASE, d));
    assertEquals(1, ReportedEffect.INCREASE.sign());
    assertEquals(-1, ReportedEffect.DECREASE.sign());
  }
}
