package io.fedspark.jobs.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.jobs.report.PairedFindings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KRR-ST against the random subset: distillation seed i's set is paired with repeat i. */
class DistillFindingsTest {
  private static EvaluationRecord rec(int m, long seed, String candidate, double... acc) {
    return new EvaluationRecord(0, m, seed, candidate, "mnist", "linear-probe", acc);
  }

  @Test
  void seedIIsPairedWithRepeatIOfTheRandomSubset() {
    List<EvaluationRecord> rows = List.of(
        rec(10, 3, "krr-st", 0.50, 0.99, 0.99),
        rec(10, 1, "krr-st", 0.70, 0.99, 0.99),
        rec(10, 2, "krr-st", 0.99, 0.60, 0.99),
        rec(10, -1, "random-subset", 0.65, 0.62, 0.58),
        rec(10, -1, "kmeans-centroids", 0.66, 0.61, 0.60),
        rec(0, -1, "full-data", 0.90, 0.91, 0.92),
        rec(0, -1, "no-pretraining", 0.30, 0.30, 0.30));
    List<PairedFindings.Finding> f = DistillFindings.of(rows);
    assertEquals(List.of("KRR-ST - random subset", "k-means centroids - random subset",
        "full-data control - random subset"), f.stream().map(PairedFindings.Finding::comparison).toList());
    assertEquals("m = 10, mnist linear-probe", f.get(0).context());
    // seed 1 repeat 1: 70 - 65; seed 2 repeat 2: 60 - 62; seed 3 repeat 3: 99 - 58
    assertArrayEquals(new double[] {5, -2, 41}, f.get(0).difference().differences(), 1e-9);
    assertEquals(ReportedEffect.INCREASE, f.get(0).reported());
    assertArrayEquals(new double[] {1, -1, 2}, f.get(1).difference().differences(), 1e-9);
    assertNull(f.get(1).verdict());
    assertArrayEquals(new double[] {25, 29, 34}, f.get(2).difference().differences(), 1e-9);
    String md = EvaluationTable.markdown(rows, "# h\n");
    assertTrue(md.contains("## Paired comparisons"), md);
    assertTrue(md.contains("| m = 10, mnist linear-probe | KRR-ST - random subset | +5.00, -2.00, +41.00 |"), md);
  }
}
