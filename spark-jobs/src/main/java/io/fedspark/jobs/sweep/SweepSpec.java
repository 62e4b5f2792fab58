package io.fedspark.jobs.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.experiment.ExperimentSpec;
import io.fedspark.jobs.experiment.GridFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep: one or more jobs, each a grid of configurations x seeds over a base job configuration
 * (the experiment runner's {@link ExperimentSpec}), plus the metrics to track and where results go.
 * Read from a HOCON file whose only top-level key is {@code sweep}:
 *
 * <pre>
 * sweep {
 *   name = nightly                      # default: the file name without .conf
 *   id = ""                             # default: NAME-yyyyMMdd (UTC): re-running the same day resumes
 *   store = "fedspark-sweeps"           # result store: any Hadoop path
 *   parallelism = 2                     # runs executed at once on the current Spark master
 *   seeds = [1, 2]
 *   metrics {                           # tracked: job results (provenance.json) or measured ones
 *     finalTestAccuracy { direction = higher, tolerance = 0.02 }   # absolute
 *     wall_seconds { direction = lower, tolerance = "50%" }        # relative to the baseline mean
 *   }
 *   # one job: command, base-config, base, grid, zip, labels right here; several: under jobs
 *   jobs {
 *     federate-quick {
 *       command = federate                                   # federate | train | unlearn
 *       base-config = "../examples/federate-digits.conf"     # optional job config file (relative to this file)
 *       base { federate.rounds = 2 }                         # job keys over base-config
 *       grid { "federate.strategy.kind" = [fedavg, fedprox] }
 *       zip = [ { "federate.client.learning-rate" = [0.1, 0.05], "federate.client.local-epochs" = [1, 2] } ]
 *     }
 *   }
 * }
 * </pre>
 *
 * Jobs inherit {@code command}, {@code base-config}, {@code base} (merged, the job's keys win),
 * {@code labels} and {@code seeds} from the sweep block. Every run of every job is loaded and
 * validated before the first starts ({@link SweepPlan}). {@code --set sweep.KEY=...} changes the
 * file; any other {@code --set key=value} is a job key applied to every run.
 *
 * @param name file-name-safe sweep name (past sweeps of the same name are its history)
 * @param id the sweep id (names its directory in the store), or empty for the default
 * @param store the result store's root path
 * @param parallelism runs executed concurrently (driver threads submitting Spark jobs)
 * @param jobs the jobs, in the order written (by name)
 * @param metrics the tracked metrics
 * @param source the file path
 * @param text the file's contents
 * @param sets the {@code --set} arguments, as given
 * @param resolvedJson the sweep block after {@code --set}, as JSON
 */
public record SweepSpec(
    String name,
    String id,
    String store,
    int parallelism,
    List<SweepJob> jobs,
    List<TrackedMetric> metrics,
    String source,
    String text,
    List<String> sets,
    String resolvedJson) {

  /** A named job of a sweep: its grid x seeds over a base configuration. */
  public record SweepJob(String name, ExperimentSpec grid) {}

  static final String ROOT = "sweep";
  private static final String PREFIX = ROOT + ".";
  /** Keys of the {@code sweep} block. */
  public static final List<String> KEYS = List.of("name", "id", "store", "parallelism", "seeds", "metrics", "command",
      "base-config", "base", "grid", "zip", "labels", "jobs");
  /** Keys of a job block under {@code sweep.jobs}. */
  public static final List<String> JOB_KEYS = List.of("command", "base-config", "base", "grid", "zip", "labels", "seeds");
  private static final List<String> INHERITED = List.of("command", "base-config", "base", "labels", "seeds");

  public SweepSpec {
    jobs = List.copyOf(jobs);
    metrics = List.copyOf(metrics);
    sets = List.copyOf(sets);
  }

  /** Reads a sweep file and applies {@code --set} arguments. */
  public static SweepSpec load(Path file, List<String> sets) {
    GridFile f = GridFile.read(file, "sweep", "expected a sweep file (SWEEP.conf); see docs/sweeps.md");
    return parse(f.text(), f.source(), f.defaultName(), file.toAbsolutePath().getParent(), sets);
  }

  /**
   * Parses a sweep from text.
   *
   * @param dir the directory relative {@code base-config} paths are resolved against
   */
  public static SweepSpec parse(String text, String source, String defaultName, Path dir, List<String> sets) {
    Config file = ExperimentSpec.parseText(text, source, ROOT);
    ExperimentSpec.BlockSets split = ExperimentSpec.BlockSets.of(ROOT, sets);
    Config merged = ExperimentSpec.merge(split.blockSets(), file, source, ROOT);
    ConfigObject block = merged.getObject(ROOT);
    for (String k : block.keySet()) {
      if (!KEYS.contains(k)) {
        throw new InvalidConfigException(PREFIX + k + where(block.get(k)) + ": unknown sweep key; expected one of " + String.join(", ", KEYS));
      }
    }
    Config s = block.toConfig();
    String name = s.hasPath("name") ? scalar(s, "name") : defaultName;
    checkName(PREFIX + "name", name, s, "name");
    String id = s.hasPath("id") ? scalar(s, "id") : "";
    if (!id.isEmpty()) {
      checkName(PREFIX + "id", id, s, "id");
    }
    String store = s.hasPath("store") ? scalar(s, "store") : "fedspark-sweeps";
    if (store.isBlank()) {
      throw InvalidConfigException.of(PREFIX + "store", store, "a path (any Hadoop file system) for the result store", origin(s, "store"));
    }
    int parallelism = integer(s, "parallelism", 1, 1, 64);
    List<TrackedMetric> metrics = metrics(s);

    List<SweepJob> jobs = jobs(s, name, file, text, source, dir, split.jobSets(), sets);
    return new SweepSpec(name, id, store, parallelism, jobs, metrics, source, text, sets,
        s.root().render(ConfigRenderOptions.concise()));
  }

  /** The jobs of {@code sweep.jobs}, in file order, or the one job the sweep block itself describes. */
  private static List<SweepJob> jobs(Config s, String name, Config file, String text, String source, Path dir,
      List<String> jobSets, List<String> sets) {
    List<SweepJob> jobs = new ArrayList<>();
    if (s.hasPath("jobs")) {
      for (String k : List.of("grid", "zip")) {
        if (s.hasPath(k)) {
          throw new InvalidConfigException(PREFIX + k + where(s.getValue(k)) + ": with sweep.jobs, each job has its own " + k
              + " (sweep.jobs.NAME." + k + ")");
        }
      }
      if (s.getValue("jobs").valueType() != ConfigValueType.OBJECT || s.getObject("jobs").isEmpty()) {
        throw InvalidConfigException.of(PREFIX + "jobs", s.getValue("jobs").unwrapped(), "an object of named jobs { NAME { command = ..., grid { ... } } }",
            origin(s, "jobs"));
      }
      Config inherited = s.withOnlyPath("command");
      for (String k : INHERITED) {
        if (s.hasPath(k)) {
          inherited = inherited.withFallback(s.withOnlyPath(k));
        }
      }
      ConfigObject jobsObject = s.getObject("jobs");
      List<String> order = new ArrayList<>(jobsObject.keySet());
      order.sort(java.util.Comparator.comparing((String j) -> jobsObject.get(j).origin().lineNumber()).thenComparing(j -> j));
      for (String jobName : order) {
        ConfigValue v = jobsObject.get(jobName);
        String prefix = PREFIX + "jobs." + jobName + ".";
        checkName(PREFIX + "jobs." + jobName, jobName, null, null);
        if (v.valueType() != ConfigValueType.OBJECT) {
          throw new InvalidConfigException(PREFIX + "jobs." + jobName + where(v) + ": expected a job block { command = ..., grid { ... } }");
        }
        for (String k : ((ConfigObject) v).keySet()) {
          if (!JOB_KEYS.contains(k)) {
            throw new InvalidConfigException(prefix + k + where(((ConfigObject) v).get(k)) + ": unknown job key; expected one of "
                + String.join(", ", JOB_KEYS));
          }
        }
        Config job = ((ConfigObject) v).toConfig().withFallback(inherited);
        jobs.add(job(prefix, jobName, job, file, text, source, dir, jobSets, sets));
      }
    } else {
      Config job = ConfigFactory.empty();
      for (String k : JOB_KEYS) {
        if (s.hasPath(k)) {
          job = job.withFallback(s.withOnlyPath(k));
        }
      }
      jobs.add(job(PREFIX, name, job, file, text, source, dir, jobSets, sets));
    }
    return jobs;
  }

  private static SweepJob job(String prefix, String jobName, Config job, Config file, String text, String source, Path dir,
      List<String> jobSets, List<String> sets) {
    if (!job.hasPath("command")) {
      throw new InvalidConfigException(prefix + "command: missing; expected the job to run: " + io.fedspark.jobs.JobKind.gridKinds());
    }
    List<String> fileOverrides = new ArrayList<>();
    if (job.hasPath("base-config")) {
      fileOverrides = baseConfig(prefix + "base-config", scalar(job, "base-config"), dir, origin(job, "base-config"));
    }
    ExperimentSpec grid = ExperimentSpec.ofBlock(prefix, job.withoutPath("base-config"), file, text, source, jobName, jobSets, sets);
    List<String> base = new ArrayList<>(fileOverrides);
    base.addAll(grid.baseOverrides());
    grid = new ExperimentSpec(jobName, grid.command(), base, grid.grid(), grid.seeds(), grid.metric(), null, source, text, sets,
        grid.resolvedJson(), null);
    return new SweepJob(jobName, grid);
  }

  /**
   * The keys of a base job configuration file as overrides, {@code key=hocon} in key order;
   * {@code run.seed} is left out (the sweep's seeds apply).
   */
  static List<String> baseConfig(String key, String path, Path dir, String origin) {
    Path p = Path.of(path);
    if (!p.isAbsolute() && dir != null) {
      p = dir.resolve(p);
    }
    if (!Files.isRegularFile(p)) {
      throw InvalidConfigException.of(key, path, "an existing job configuration file (relative paths are relative to the sweep file); "
          + p + " does not exist", origin);
    }
    Config c;
    try {
      c = ConfigFactory.parseFile(p.toFile()).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(key + " = " + path + ": " + e.getMessage());
    }
    List<String> out = new ArrayList<>();
    for (var en : new TreeMap<>(toMap(c)).entrySet()) {
      if (!en.getKey().equals("run.seed")) {
        out.add(en.getKey() + "=" + en.getValue());
      }
    }
    return out;
  }

  private static java.util.Map<String, String> toMap(Config c) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (var en : c.entrySet()) {
      m.put(en.getKey(), en.getValue().render(ConfigRenderOptions.concise()));
    }
    return m;
  }

  private static List<TrackedMetric> metrics(Config s) {
    List<TrackedMetric> out = new ArrayList<>();
    if (!s.hasPath("metrics")) {
      return out;
    }
    if (s.getValue("metrics").valueType() != ConfigValueType.OBJECT) {
      throw InvalidConfigException.of(PREFIX + "metrics", s.getValue("metrics").unwrapped(),
          "an object { NAME { direction = higher|lower, tolerance = 0.01 | \"5%\" } }", origin(s, "metrics"));
    }
    ConfigObject m = s.getObject("metrics");
    List<String> names = new ArrayList<>(m.keySet());
    names.sort(java.util.Comparator.comparing((String n) -> m.get(n).origin().lineNumber()).thenComparing(n -> n));
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      TrackedMetric metric = metric(n, m.get(n));
      if (seen.add(n)) {
        out.add(metric);
      }
    }
    return out;
  }

  /** One entry {@code sweep.metrics.NAME { direction, tolerance }}. */
  private static TrackedMetric metric(String n, ConfigValue v) {
    String key = PREFIX + "metrics." + n;
    if (v.valueType() != ConfigValueType.OBJECT) {
      throw new InvalidConfigException(key + where(v) + ": expected { direction = higher|lower, tolerance = 0.01 | \"5%\" }");
    }
    Config mc = ((ConfigObject) v).toConfig();
    for (String k : mc.root().keySet()) {
      if (!k.equals("direction") && !k.equals("tolerance")) {
        throw new InvalidConfigException(key + "." + k + where(mc.getValue(k)) + ": unknown metric key; expected direction, tolerance");
      }
    }
    if (!mc.hasPath("direction")) {
      throw new InvalidConfigException(key + where(v) + ": missing direction (higher | lower: which way is better)");
    }
    String d = scalar(mc, "direction").trim().toUpperCase(Locale.ROOT);
    TrackedMetric.Direction direction;
    try {
      direction = TrackedMetric.Direction.valueOf(d);
    } catch (IllegalArgumentException e) {
      throw InvalidConfigException.of(key + ".direction", scalar(mc, "direction"), "higher | lower", origin(mc, "direction"));
    }
    double tol = 0;
    boolean relative = false;
    if (mc.hasPath("tolerance")) {
      String t = scalar(mc, "tolerance").trim();
      String expected = "an absolute tolerance >= 0 (e.g. 0.01) or a relative one in percent (e.g. \"5%\")";
      try {
        if (t.endsWith("%")) {
          relative = true;
          tol = Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100;
        } else {
          tol = Double.parseDouble(t);
        }
      } catch (NumberFormatException e) {
        throw InvalidConfigException.of(key + ".tolerance", t, expected, origin(mc, "tolerance"));
      }
      if (!(tol >= 0) || Double.isInfinite(tol)) {
        throw InvalidConfigException.of(key + ".tolerance", t, expected, origin(mc, "tolerance"));
      }
    }
    if (!n.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw InvalidConfigException.of(key, n, "a result name of letters, digits and '_' (a numeric entry of the job's provenance.json"
          + " results, e.g. finalTestAccuracy, or one of " + String.join(", ", TrackedMetric.MEASURED) + ")", describe(v));
    }
    return new TrackedMetric(n, direction, tol, relative);
  }

  private static void checkName(String key, String value, Config c, String path) {
    if (!value.matches("[A-Za-z0-9._-]+")) {
      throw InvalidConfigException.of(key, value, "a name of letters, digits, '.', '_' and '-' (it names directories)",
          c == null ? null : origin(c, path));
    }
  }

  private static int integer(Config s, String key, int dflt, int min, int max) {
    if (!s.hasPath(key)) {
      return dflt;
    }
    String v = scalar(s, key).trim();
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InvalidConfigException.of(PREFIX + key, v, "an integer in [" + min + ", " + max + "]", origin(s, key));
  }

  private static String scalar(Config c, String key) {
    ConfigValue v = c.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw InvalidConfigException.of(key, v.unwrapped(), "a single value", describe(v));
    }
    return String.valueOf(v.unwrapped());
  }

  private static String origin(Config c, String key) {
    return describe(c.getValue(key));
  }

  private static String describe(ConfigValue v) {
    return v.origin() == null ? null : v.origin().description();
  }

  private static String where(ConfigValue v) {
    String d = describe(v);
    return d == null ? "" : " (" + d + ")";
  }
}
