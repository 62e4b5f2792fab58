package io.fedspark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.federated.stats.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared findings table, against values computed by hand. */
class PairedFindingsTest {
  @Test
  void aFindingIsTheStudentTIntervalOfThePairedDifferences() {
    // d = (2, 3, 2): mean 7/3, s = 0.57735, se = 0.33333, t(0.975, 2) = 4.30265 -> [0.8991, 3.7676]
    PairedFindings.Finding f = PairedFindings.of("IID", "curriculum - random", ReportedEffect.INCREASE,
        new double[] {3, 5, 4}, new double[] {1, 2, 2}, Double.NaN);
    assertEquals(3, f.pairs());
    assertEquals(7.0 / 3, f.difference().mean(), 1e-12);
    assertEquals(0.8991, f.difference().lower(), 1e-4);
    assertEquals(3.7676, f.difference().upper(), 1e-4);
    assertEquals(Verdict.REPRODUCED, f.verdict());
    String md = PairedFindings.markdown(List.of(f), "context", "per seed");
    assertTrue(md.startsWith("| context | comparison | per seed | mean [95% CI] | p | paper | verdict |\n"), md);
    assertTrue(md.contains("| IID | curriculum - random | +2.00, +3.00, +2.00 | +2.33 [+0.90, +3.77] |"), md);
    assertTrue(md.contains("| increase | reproduced |"), md);
    assertTrue(md.contains("- IID: curriculum - random: "), md);
  }

  @Test
  void theOppositeEffectIsNotReproducedAndNoReportedEffectGivesNoVerdict() {
    double[] t = {1, 2, 2};
    double[] c = {3, 5, 4};
    assertEquals(Verdict.NOT_REPRODUCED, PairedFindings.of("x", "a - b", ReportedEffect.INCREASE, t, c, Double.NaN)
        .verdict());
    PairedFindings.Finding none = PairedFindings.of("x", "a - b", null, t, c, Double.NaN);
    assertNull(none.verdict());
    String md = PairedFindings.markdown(List.of(none), "m", "per pair");
    assertTrue(md.contains("| - | - |\n"), md);
    assertTrue(!md.contains("- x:"), "no sentence without a verdict: " + md);
  }

  @Test
  void fewerThanTwoPairsGiveNoIntervalAndUnpairedInputsAreRefused() {
    PairedFindings.Finding one = PairedFindings.of("x", "a - b", ReportedEffect.DECREASE, new double[] {1},
        new double[] {2}, Double.NaN);
    assertNull(one.difference());
    assertTrue(PairedFindings.markdown(List.of(one), "m", "per pair")
        .contains("| x | a - b | 1 pair(s) | fewer than 2 pairs | - | decrease | - |"));
    assertThrows(IllegalArgumentException.class, () -> PairedFindings.of("x", "a - b", null, new double[] {1, 2},
        new double[] {1}, Double.NaN));
  }

  @Test
  void noDifferenceIsJudgedWithinTheMargin() {
    PairedFindings.Finding f = PairedFindings.of("x", "a - b", ReportedEffect.NO_DIFFERENCE,
        new double[] {1.0, 1.1, 0.9, 1.0}, new double[] {1.0, 1.0, 1.0, 1.0}, 0.5);
    assertEquals(Verdict.REPRODUCED, f.verdict());
  }
}
