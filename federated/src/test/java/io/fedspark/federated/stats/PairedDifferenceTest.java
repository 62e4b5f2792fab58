package io.fedspark.federated.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against scipy 1.17 ({@code scipy.stats.t.ppf}, {@code ttest_rel}) and a case worked by hand. The
 * quantiles agree to 1e-9 relative (Commons Statistics inverts the regularized incomplete beta
 * function to near double precision; scipy's values printed with 16 digits).
 */
@Tag("line-independent")
class PairedDifferenceTest {
  @Test
  void tQuantilesMatchScipy() {
    assertEquals(12.706204736174694, PairedDifference.tQuantile(0.975, 1), 1e-9 * 12.7);
    assertEquals(4.302652729749462, PairedDifference.tQuantile(0.975, 2), 1e-9 * 4.3);
    assertEquals(2.7764451051977934, PairedDifference.tQuantile(0.975, 4), 1e-9 * 2.8);
    assertEquals(2.262157162798205, PairedDifference.tQuantile(0.975, 9), 1e-9 * 2.3);
    assertEquals(2.045229642132703, PairedDifference.tQuantile(0.975, 29), 1e-9 * 2.0);
    assertEquals(1.9623390808264083, PairedDifference.tQuantile(0.975, 1000), 1e-9 * 2.0);
    assertEquals(4.604094871349992, PairedDifference.tQuantile(0.995, 4), 1e-9 * 4.6);
    assertEquals(-2.7764451051977934, PairedDifference.tQuantile(0.025, 4), 1e-9 * 2.8);
    assertEquals(2.776445, PairedDifference.tQuantile(0.975, 4), 5e-7, "the value of printed tables");
  }

  /** d = (1, 2, 3): mean 2, s = 1, se = 1/sqrt(3), 95% half-width t_{0.975,2} / sqrt(3) = 2.48413771. */
  @Test
  void handWorkedInterval() {
    PairedDifference d = PairedDifference.of(new double[] {1, 2, 3}, new double[] {0, 0, 0});
    assertEquals(3, d.n());
    assertEquals(2, d.mean(), 1e-15);
    assertEquals(1, d.standardDeviation(), 1e-15);
    assertEquals(1 / Math.sqrt(3), d.standardError(), 1e-15);
    assertEquals(2 - 2.4841377117503303, d.lower(), 1e-9);
    assertEquals(2 + 2.4841377117503303, d.upper(), 1e-9);
    assertEquals(0.07417990022744854, d.pValue(), 1e-9, "scipy ttest_rel([1,2,3], [0,0,0])");
    assertArrayEquals(new double[] {1, 2, 3}, d.differences());
  }

  /** Five paired seeds; scipy: mean 0.146, s 0.5686211392, CI [-0.5600364, 0.8520364], p 0.5966177. */
  @Test
  void matchesScipyOnFiveSeeds() {
    double[] krrSt = {74.18, 75.02, 73.90, 74.61, 75.33};
    double[] random = {74.79, 74.50, 74.12, 73.80, 75.10};
    PairedDifference d = PairedDifference.of(krrSt, random);
    assertEquals(0.146, d.mean(), 1e-12);
    assertEquals(0.5686211392482694, d.standardDeviation(), 1e-12);
    assertEquals(-0.5600363972221846, d.lower(), 1e-9);
    assertEquals(0.8520363972221862, d.upper(), 1e-9);
    assertEquals(0.5966177173317218, d.pValue(), 1e-9);
    assertEquals("+0.15 [95% CI -0.56, +0.85], n = 5, p = 0.597", d.describe());
    PairedDifference d90 = PairedDifference.of(krrSt, random, 0.90);
    assertEquals(0.146 - 2.1318467863266495 * d.standardError(), d90.lower(), 1e-9);
    assertTrue(d90.describe().contains("[90% CI"), d90.describe());
  }

  @Test
  void equalDifferencesGiveAPointInterval() {
    PairedDifference d = PairedDifference.of(new double[] {3, 4, 5}, new double[] {2, 3, 4});
    assertEquals(1, d.lower(), 1e-15);
    assertEquals(1, d.upper(), 1e-15);
    assertEquals(0, d.pValue());
    assertEquals(1, PairedDifference.of(new double[] {1, 1}, new double[] {1, 1}).pValue());
  }

  @Test
  void rejectsWhatCannotGiveAnInterval() {
    assertMessage("paired difference: 3 treatment results but 2 control results",
        () -> PairedDifference.of(new double[3], new double[2]));
    assertMessage("paired difference: 1 pair(s) of results; expected at least 2 seeds",
        () -> PairedDifference.of(new double[1], new double[1]));
    assertMessage("paired difference: seed 1 has results NaN and 0.0",
        () -> PairedDifference.of(new double[] {0, Double.NaN}, new double[2]));
    assertMessage("paired difference: confidence level 95.0", () -> PairedDifference.of(new double[2], new double[2],
        95));
    assertMessage("t quantile: 0 degrees of freedom", () -> PairedDifference.tQuantile(0.975, 0));
    assertMessage("t quantile: probability 1.0", () -> PairedDifference.tQuantile(1, 3));
  }

  static void assertMessage(String start, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().startsWith(start), x.getMessage());
  }
}
