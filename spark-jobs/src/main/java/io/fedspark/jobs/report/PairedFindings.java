package io.fedspark.jobs.report;

import io.fedspark.federated.stats.PairedDifference;
import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.federated.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The paired comparisons of a results document, in one format for every job: a markdown table
 * (context, comparison, the difference of each pair, mean and Student-t 95% interval, p, the paper's
 * reported effect, the verdict) followed by one sentence per judged finding. The difference of pair
 * i is {@code treatment_i - control_i} where both share every random choice but the compared one
 * (a seed, a repeat), so the seed-to-seed spread cancels ({@link PairedDifference}); the verdict
 * reads the interval against the paper's effect ({@link Verdict}).
 */
public final class PairedFindings {
  private PairedFindings() {}

  /**
   * One comparison in one context.
   *
   * @param context where it holds, e.g. "partition=IID" or "m = 10, mnist linear-probe"
   * @param comparison what was compared, e.g. "curriculum - random"
   * @param reported what the paper reports, or null when it reports nothing (then no verdict)
   * @param pairs the number of pairs
   * @param difference the paired difference, or null with fewer than 2 pairs
   * @param verdict the verdict, or null without a difference or a reported effect
   */
  public record Finding(String context, String comparison, ReportedEffect reported, int pairs,
      PairedDifference difference, Verdict verdict) {
    public Finding {
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(comparison, "comparison");
    }
  }

  /**
   * The finding of {@code treatment[i] - control[i]} over the pairs i (in display units); fewer than
   * 2 pairs give no difference. {@code margin} is the equivalence margin a reported no-difference
   * needs (NaN otherwise).
   */
  public static Finding of(String context, String comparison, ReportedEffect reported, double[] treatment,
      double[] control, double margin) {
    if (treatment.length != control.length) {
      throw new IllegalArgumentException(comparison + ": " + treatment.length + " treatments, " + control.length
          + " controls; expected pairs");
    }
    if (treatment.length < 2) {
      return new Finding(context, comparison, reported, treatment.length, null, null);
    }
    PairedDifference d = PairedDifference.of(treatment, control);
    Verdict v = reported == null ? null
        : reported == ReportedEffect.NO_DIFFERENCE ? Verdict.judge(reported, d, margin) : Verdict.judge(reported, d);
    return new Finding(context, comparison, reported, treatment.length, d, v);
  }

  /** As {@link #of(String, String, ReportedEffect, double[], double[], double)} from lists. */
  public static Finding of(String context, String comparison, ReportedEffect reported, List<Double> treatment,
      List<Double> control) {
    return of(context, comparison, reported, treatment.stream().mapToDouble(Double::doubleValue).toArray(),
        control.stream().mapToDouble(Double::doubleValue).toArray(), Double.NaN);
  }

  /**
   * The table and the sentences.
   *
   * @param contextHeader the first column's header, e.g. "context" or "method"
   * @param pairHeader the third column's header, e.g. "per seed" or "per pair"
   */
  public static String markdown(List<Finding> findings, String contextHeader, String pairHeader) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(contextHeader).append(" | comparison | ").append(pairHeader)
        .append(" | mean [95% CI] | p | paper | verdict |\n|---|---|---|---|---:|---|---|\n");
    for (Finding f : findings) {
      String paper = f.reported() == null ? "-" : f.reported().configName();
      sb.append("| ").append(f.context()).append(" | ").append(f.comparison()).append(" | ");
      PairedDifference d = f.difference();
      if (d == null) {
        sb.append(f.pairs()).append(" pair(s) | fewer than 2 pairs | - | ").append(paper).append(" | - |\n");
        continue;
      }
      List<String> per = new ArrayList<>();
      for (double v : d.differences()) {
        per.add(String.format(Locale.ROOT, "%+.2f", v));
      }
      sb.append(String.join(", ", per)).append(" | ")
          .append(String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f] | %.3g | ", d.mean(), d.lower(), d.upper(), d.pValue()))
          .append(paper).append(" | ").append(f.verdict() == null ? "-" : f.verdict().configName().replace('-', ' '))
          .append(" |\n");
    }
    sb.append('\n');
    for (Finding f : findings) {
      if (f.verdict() != null) {
        sb.append("- ").append(f.context()).append(": ")
            .append(f.verdict().sentence(f.comparison(), f.reported(), f.difference())).append('\n');
      }
    }
    return sb.toString();
  }
}
