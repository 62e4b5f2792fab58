package io.fedspark.jobs.sweep;

import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.experiment.ExperimentPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every run of a sweep, loaded and validated (through the experiment runner's {@link
 * ExperimentPlan}) before anything starts, with its {@link RunHash}.
 *
 * @param spec the sweep
 * @param runs job-major, then grid point, then seed
 * @param sessionConfig the first job's base configuration: the SparkSession's {@code spark.*}
 */
public record SweepPlan(SweepSpec spec, List<Run> runs, JobConfig sessionConfig) {

  /**
   * One run.
   *
   * @param job the job's name
   * @param planned the grid point, seed and overrides
   * @param command the job to run
   * @param hash its {@link RunHash}
   * @param grid every grid key (zip keys included) and its value as written, in axis order
   */
  public record Run(String job, ExperimentPlan.PlannedRun planned, io.fedspark.jobs.JobKind command, String hash,
      Map<String, String> grid) {
    /** The configuration's name in reports: {@code job: key=value, ...} (seed excluded). */
    public String config() {
      return job + ": " + planned.point().describe();
    }

    /** A file-name-safe directory name. */
    public String dirName() {
      return job + "-" + planned.point().slug() + "-seed" + planned.seed() + "-" + hash;
    }
  }

  public SweepPlan {
    runs = List.copyOf(runs);
  }

  /** Validates every run of every job; throws listing what is wrong before anything has run. */
  public static SweepPlan validate(SweepSpec spec, ConfigLoader loader) {
    List<Run> runs = new ArrayList<>();
    Map<String, Run> byHash = new HashMap<>();
    JobConfig session = null;
    String mathOf = null;
    String mathJob = null;
    for (SweepSpec.SweepJob job : spec.jobs()) {
      ExperimentPlan plan;
      try {
        plan = ExperimentPlan.validate(job.grid(), loader);
      } catch (InvalidConfigException e) {
        throw new InvalidConfigException("sweep '" + spec.name() + "', job '" + job.name() + "': "
            + e.getMessage().replaceFirst("^experiment '[^']*' \\([^)]*\\): ", ""));
      }
      if (session == null) {
        session = plan.experimentConfig();
      }
      for (ExperimentPlan.PlannedRun r : plan.runs()) {
        JobConfig cfg = loader.load(null, r.overrides());
        String math = cfg.get(io.fedspark.jobs.config.MathOptions.BACKEND).configName() + ", "
            + cfg.get(io.fedspark.jobs.config.MathOptions.BLAS_THREADS) + " thread(s)";
        if (mathOf == null) {
          mathOf = math;
          mathJob = job.name();
        } else if (!mathOf.equals(math)) {
          throw new InvalidConfigException("sweep '" + spec.name() + "': job '" + job.name() + "' sets math.backend / math.blas-threads to "
              + math + " but job '" + mathJob + "' to " + mathOf + "; every run shares the driver JVM, whose math backend is chosen"
              + " once: use one setting per sweep");
        }
        String hash = RunHash.of(job.grid().command().configName(), cfg);
        Map<String, String> grid = new LinkedHashMap<>();
        for (String o : r.point().overrides()) {
          int eq = o.indexOf('=');
          grid.put(o.substring(0, eq), io.fedspark.jobs.experiment.ExperimentSpec.unquoted(o.substring(eq + 1)));
        }
        Run run = new Run(job.name(), r, job.grid().command(), hash, grid);
        Run twin = byHash.putIfAbsent(hash, run);
        if (twin != null) {
          throw new InvalidConfigException("sweep '" + spec.name() + "': " + run.config() + ", seed " + r.seed() + " and " + twin.config()
              + ", seed " + twin.planned().seed() + " resolve to the same configuration (run hash " + hash + "); remove one");
        }
        runs.add(run);
      }
    }
    return new SweepPlan(spec, runs, session);
  }
}
