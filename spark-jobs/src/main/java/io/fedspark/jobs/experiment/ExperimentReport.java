package io.fedspark.jobs.experiment;

import io.fedspark.jobs.io.Csv;
import io.fedspark.jobs.io.RunDirectory;
import java.util.List;
import java.util.Locale;

/**
 * The result files of an experiment, rewritten atomically after every run so an interrupted
 * experiment still shows what it has: {@code results.csv} (one row per run), {@code summary.md}
 * (mean ± std per grid point and, with {@code experiment.compare}, the paired comparisons with
 * their 95% intervals and verdicts, {@link ExperimentComparison}) and {@code summary.png} (mean
 * test-accuracy curves with a band of ± one standard deviation over the seeds).
 */
final class ExperimentReport {
  static final String RESULTS = "results.csv";
  static final String SUMMARY = "summary.md";
  static final String PLOT = "summary.png";

  private ExperimentReport() {}

  /** Writes the three files for the outcomes so far. */
  static ExperimentSummary write(RunDirectory dir, ExperimentPlan plan, List<RunOutcome> outcomes, String commandLine) {
    ExperimentSummary summary = ExperimentSummary.of(plan.points(), outcomes);
    dir.writeString(RESULTS, csv(plan.spec(), outcomes));
    dir.writeString(SUMMARY, markdown(plan, summary, outcomes, commandLine));
    byte[] png = SummaryPlot.png(plan.spec(), summary);
    dir.files().write(dir.resolve(PLOT), out -> out.write(png));
    return summary;
  }

  /** run, one column per axis (value as written), seed, status, metric, rounds, seconds, run_dir, error. */
  static String csv(ExperimentSpec spec, List<RunOutcome> outcomes) {
    StringBuilder sb = new StringBuilder("run");
    for (GridAxis a : spec.grid().axes()) {
      sb.append(',').append(Csv.field(a.label()));
    }
    sb.append(",seed,status,").append(spec.metric().csvColumn()).append(",rounds,seconds,run_dir,error\n");
    for (RunOutcome o : outcomes) {
      sb.append(o.run().number());
      for (GridAxis.Value v : o.run().point().values()) {
        sb.append(',').append(Csv.field(v.text()));
      }
      sb.append(',').append(o.run().seed()).append(',').append(o.succeeded() ? "ok" : "failed").append(',')
          .append(o.succeeded() ? String.format(Locale.ROOT, "%.6f", o.metric()) : "").append(',').append(o.rounds()).append(',')
          .append(String.format(Locale.ROOT, "%.1f", o.seconds())).append(',').append(Csv.field(o.runDir())).append(',')
          .append(o.succeeded() ? "" : Csv.field(o.error())).append('\n');
    }
    return sb.toString();
  }

  static String markdown(ExperimentPlan plan, ExperimentSummary summary, List<RunOutcome> outcomes, String commandLine) {
    ExperimentSpec spec = plan.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("# Experiment ").append(spec.name()).append("\n\n");
    sb.append(spec.metric().title()).append(" of `").append(spec.command().configName()).append("`, mean ± sample standard deviation over ")
        .append("seeds ").append(spec.seeds()).append("; n = successful runs. ").append(outcomes.size()).append(" of ")
        .append(plan.runs().size()).append(" runs done");
    long failed = outcomes.stream().filter(o -> !o.succeeded()).count();
    sb.append(failed > 0 ? ", " + failed + " failed" : "").append(".\n\n");
    sb.append(summary.markdown(spec));
    if (spec.compare() != null) {
      sb.append('\n').append(spec.compare().section(spec, plan.points(), outcomes));
    }
    if (failed > 0) {
      sb.append("\nFailed runs:\n\n");
      for (RunOutcome o : outcomes) {
        if (!o.succeeded()) {
          sb.append("- run ").append(o.run().number()).append(" (").append(o.run().describe()).append("): ").append(o.error()).append('\n');
        }
      }
    }
    sb.append("\nCommand: `").append(commandLine).append("`\n");
    return sb.toString();
  }
}
