package io.fedspark.jobs.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.jobs.report.PairedFindings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unlearning audit's paired comparisons: what is paired with what, and the paper's effects. */
class UnlearnFindingsTest {
  private static UnlearnRow row(String method, String kind, double ratio, long seed, int client, double ua, double mia,
      double gap) {
    return new UnlearnRow(0, method, kind, ratio, seed, 100, client, ua, 99, 98, mia, "confidence", "svc-rbf", 0.1, 1,
        gap);
  }

  @Test
  void worstCaseIsPairedWithRandomBySeedWithinEachMethodAndRatio() {
    List<UnlearnRow> rows = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      rows.add(row("Retrain", "random", 0.1, seed, -1, 5 + seed, 12, 0));
      rows.add(row("Retrain", "worst-case", 0.1, seed, -1, 0, 1, 0));
      rows.add(row("RL", "random", 0.1, seed, -1, 3, 10, 4 + seed));
      rows.add(row("RL", "worst-case", 0.1, seed, -1, 3, 10, 20 + 2 * seed));
      rows.add(row("RL", "random", 0.5, seed, -1, 3, 10, 1));
      rows.add(row("RL", "worst-case", 0.5, seed, -1, 3, 10, 1 + seed));
      rows.add(row("GA", "random", 0.1, seed, -1, 3, 10, 1));
    }
    List<PairedFindings.Finding> f = UnlearnFindings.of(rows);
    assertEquals(List.of("Retrain, ratio 0.1", "Retrain, ratio 0.1", "RL, ratio 0.1", "RL, ratio 0.5"),
        f.stream().map(PairedFindings.Finding::context).toList(), "GA has no worst-case rows: no finding");
    assertEquals("worst-case - random, UA", f.get(0).comparison());
    assertArrayEquals(new double[] {-6, -7, -8}, f.get(0).difference().differences(), 1e-12);
    assertEquals(ReportedEffect.DECREASE, f.get(0).reported());
    assertArrayEquals(new double[] {-11, -11, -11}, f.get(1).difference().differences(), 1e-12);
    assertEquals("worst-case - random, gap to Retrain", f.get(2).comparison());
    assertArrayEquals(new double[] {17, 18, 19}, f.get(2).difference().differences(), 1e-12);
    assertEquals(ReportedEffect.INCREASE, f.get(2).reported());
    assertArrayEquals(new double[] {1, 2, 3}, f.get(3).difference().differences(), 1e-12);
  }

  @Test
  void federatedAuditsCompareTheWorstCaseClientWithClientZeroByAnalogy() {
    List<UnlearnRow> rows = new ArrayList<>();
    for (long seed = 1; seed <= 2; seed++) {
      rows.add(row("FT-rounds", "client", 0, seed, 1, 0, 0, 50));
      rows.add(row("FT-rounds", "client", 0, seed, 0, 0, 0, 4));
      rows.add(row("FT-rounds", "worst-case-client", 0, seed, 7, 0, 0, 1 + seed));
      rows.add(row("GA-rounds", "client", 0, seed, 0, 0, 0, 2));
      rows.add(row("GA-rounds", "worst-case-client", 0, seed, 7, 0, 0, 3));
    }
    List<PairedFindings.Finding> f = UnlearnFindings.of(rows);
    assertEquals(2, f.size());
    assertEquals("FT-rounds", f.get(0).context());
    assertEquals("worst-case client - client 0, gap to Retrain", f.get(0).comparison());
    assertArrayEquals(new double[] {-2, -1}, f.get(0).difference().differences(), 1e-12);
    assertEquals(ReportedEffect.DECREASE, f.get(0).reported(), "FT-rounds stands for FT");
    assertNull(f.get(1).reported(), "the paper reports nothing for GA");
    String md = UnlearnReport.summary(rows, new UnlearnReport.Layout("h", List.of("FT-rounds", "GA-rounds"), List.of(),
        true));
    assertTrue(md.contains("## Paired comparisons"), md);
    assertTrue(md.contains("| FT-rounds | worst-case client - client 0, gap to Retrain | -2.00, -1.00 |"), md);
  }
}
