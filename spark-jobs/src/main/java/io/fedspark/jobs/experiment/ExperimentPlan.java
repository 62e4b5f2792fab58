package io.fedspark.jobs.experiment;

import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.RunOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of an experiment, every one of them loaded and validated as a job configuration before
 * the first starts: a typo in the last grid point fails the experiment at once, not after hours.
 *
 * @param spec the experiment
 * @param points the grid points, in grid order
 * @param runs one per point and seed: point-major, seeds in the order listed
 * @param experimentConfig defaults + base + the command line's job keys: where the experiment's
 *     output goes ({@code run.*}) and its SparkSession ({@code spark.*})
 */
public record ExperimentPlan(ExperimentSpec spec, List<GridPoint> points, List<PlannedRun> runs, JobConfig experimentConfig) {

  /**
   * One run of the experiment.
   *
   * @param number 1-based position in run order
   * @param total number of runs of the experiment
   * @param point the grid point
   * @param seed its {@code run.seed}
   * @param overrides the job's {@code key=hocon} overrides (base, point, seed), without {@code run.dir}
   */
  public record PlannedRun(int number, int total, GridPoint point, long seed, List<String> overrides) {
    public PlannedRun {
      overrides = List.copyOf(overrides);
    }

    /** "partition=labeldir, ordering=curriculum, seed=2". */
    public String describe() {
      return (point.axes().isEmpty() ? "" : point.describe() + ", ") + "seed=" + seed;
    }
  }

  public ExperimentPlan {
    points = List.copyOf(points);
    runs = List.copyOf(runs);
  }

  /**
   * Builds and validates the configuration of every run.
   *
   * @throws InvalidConfigException listing every invalid grid point with its key, value and what
   *     is expected; nothing has run
   */
  public static ExperimentPlan validate(ExperimentSpec spec, ConfigLoader loader) {
    String what = "experiment '" + spec.name() + "' (" + spec.source() + ")";
    JobConfig experimentConfig;
    try {
      experimentConfig = loader.load(null, spec.baseOverrides());
      RunOptions.from(experimentConfig);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(what + ": experiment.base: " + indent(e.getMessage()));
    }
    List<GridPoint> points = spec.grid().points();
    int total = Math.multiplyExact(points.size(), spec.seeds().size());
    List<PlannedRun> runs = new ArrayList<>(total);
    List<String> problems = new ArrayList<>();
    for (GridPoint p : points) {
      for (long seed : spec.seeds()) {
        List<String> o = new ArrayList<>(spec.baseOverrides());
        o.addAll(p.overrides());
        o.add("run.seed=" + seed);
        PlannedRun run = new PlannedRun(runs.size() + 1, total, p, seed, o);
        try {
          spec.command().validate(loader.load(null, o));
        } catch (IllegalArgumentException e) {
          problems.add("grid point " + (p.index() + 1) + " of " + points.size() + " (" + p.describe() + "), seed " + seed + ": "
              + indent(e.getMessage()));
          break; // the other seeds of this point fail alike
        }
        runs.add(run);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(what + ": " + problems.size() + " of " + points.size() + " grid points are invalid; nothing was run:\n  "
          + String.join("\n  ", problems));
    }
    return new ExperimentPlan(spec, points, runs, experimentConfig);
  }

  private static String indent(String message) {
    return message == null ? "" : message.replace("\n", "\n    ");
  }
}
