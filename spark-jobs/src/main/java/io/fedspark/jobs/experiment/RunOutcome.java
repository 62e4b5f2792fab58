package io.fedspark.jobs.experiment;

import io.fedspark.federated.engine.RoundMetrics;
import io.fedspark.federated.engine.SimulationState;
import java.util.List;
import java.util.Objects;

/**
 * What one run of an experiment gave: its metric and test-accuracy curve, or the error that stopped
 * it. A failed run is data: the experiment records it and goes on.
 *
 * @param run the planned run
 * @param error null if the run succeeded, else a one-line message
 * @param metric the experiment's metric (NaN if failed)
 * @param rounds completed rounds (0 if failed)
 * @param seconds wall-clock time of the run
 * @param runDir the run's output directory
 * @param curveRounds rounds at which the global model was evaluated (1-based)
 * @param curveAccuracy test accuracy at those rounds, as a fraction
 */
public record RunOutcome(
    ExperimentPlan.PlannedRun run,
    String error,
    double metric,
    int rounds,
    double seconds,
    String runDir,
    double[] curveRounds,
    double[] curveAccuracy) {

  public RunOutcome {
    Objects.requireNonNull(run, "run");
    if (curveRounds.length != curveAccuracy.length) {
      throw new IllegalArgumentException("run " + run.number() + ": " + curveRounds.length + " rounds but " + curveAccuracy.length
          + " accuracies");
    }
  }

  /**
   * What a failed run reports: the exception's message, with its root cause when that adds
   * something, on one line.
   */
  public static String failureMessage(Throwable e) {
    String m = e.getMessage() != null ? e.getMessage() : e.toString();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m += " (caused by " + root + ")";
    }
    return m.replaceAll("\\s*\\R\\s*", " ");
  }

  public boolean succeeded() {
    return error == null;
  }

  /** A finished run: its metric and the test accuracy of every evaluated round. */
  public static RunOutcome of(ExperimentPlan.PlannedRun run, SimulationState state, ExperimentMetric metric, double seconds, String runDir) {
    List<RoundMetrics> evaluated = state.history().stream().filter(m -> !Double.isNaN(m.testAccuracy())).toList();
    double[] x = evaluated.stream().mapToDouble(RoundMetrics::round).toArray();
    double[] y = evaluated.stream().mapToDouble(RoundMetrics::testAccuracy).toArray();
    return new RunOutcome(run, null, metric.of(state), state.completedRounds(), seconds, runDir, x, y);
  }

  /** A run that failed with {@code error}. */
  public static RunOutcome failed(ExperimentPlan.PlannedRun run, String error, double seconds, String runDir) {
    String oneLine = (error == null || error.isBlank() ? "unknown error" : error).replaceAll("\\s*\\R\\s*", " ");
    return new RunOutcome(run, oneLine, Double.NaN, 0, seconds, runDir, new double[0], new double[0]);
  }
}
