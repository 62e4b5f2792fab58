package io.fedspark.jobs.experiment;

import io.fedspark.jobs.JobKind;
import io.fedspark.math.Choice;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.fedspark.federated.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An experiment: one job run at every point of a grid of configurations, once per seed. Read from
 * a HOCON file whose only top-level key is {@code experiment}:
 *
 * <pre>
 * experiment {
 *   name = curriculum-mnist            # default: the file name without .conf
 *   command = federate                 # the job to run (only federate so far)
 *   base {                             # job keys shared by every run (see conf/defaults.conf)
 *     federate { dataset = mnist, rounds = 30, curriculum.enabled = true }
 *   }
 *   grid {                             # axes: a job key (quoted) and its values, in order
 *     "federate.partition.scheme" = [labeldir, iid]
 *     "federate.curriculum.data-ordering" = [curriculum, anti-curriculum, random, vanilla]
 *   }
 *   zip = [ { "federate.client.learning-rate" = [0.1, 0.05], "federate.client.local-epochs" = [1, 2] } ]
 *                                      # optional: values that go together (one axis per group)
 *   labels {                           # optional names for axes and values
 *     "federate.partition.scheme" { name = partition, values { labeldir = "labeldir 0.05" } }
 *     "federate.curriculum.data-ordering" = ordering      # short form: the axis name only
 *   }
 *   seeds = [1, 2, 3]                  # run.seed of the runs of every grid point
 *   metric = final-test-accuracy       # what results.csv and summary.md report
 *   panel-by = partition               # optional: one plot panel per value of this axis
 *   compare {                          # optional: the paper's comparisons, paired by seed
 *     axis = ordering, control = random, findings { curriculum = increase }
 *   }
 * }
 * </pre>
 *
 * <p><b>Runs</b>: the grid is the cartesian product of its axes (the {@code grid} keys, then one
 * axis per {@code zip} group, whose i-th value sets each key of the group to its i-th value),
 * first axis slowest; for every
 * point, one run per seed, in the order listed. Run {@code (point, seed)} gets the job overrides
 * {@code base}, then {@code --set} job keys, then the point's values, then {@code run.seed}, and is
 * loaded and checked exactly like {@code fedspark federate --set ...} would be.
 *
 * <p><b>Keys</b>: {@code base} holds job keys; grid and label keys are job keys written in quotes
 * (unquoted dotted keys mean the same). A grid axis may not also be set in {@code base} or with
 * {@code --set}; {@code run.*} and {@code spark.*} keys cannot be axes (the seed comes from
 * {@code seeds}, run directories are the experiment's, one SparkSession serves every run); in
 * {@code base}, {@code run.dir}, {@code run.root} and {@code run.overwrite} place the experiment's
 * own output directory. Axes are ordered as written in the file (an axis added with {@code --set}
 * comes after those of the file). Value labels refer to values as written, unquoted; quote a value
 * containing dots: {@code values { "0.05" = "beta 0.05" }}. Labels of axes or values that are not
 * in the grid are ignored, so they survive a grid narrowed with {@code --set}.
 *
 * <p><b>Command line</b>: {@code --set experiment.<key>=...} changes the experiment file (e.g.
 * {@code --set experiment.seeds=[1]}); any other {@code --set key=value} is a job key applied to
 * every run.
 *
 * @param name a file-name-safe name ({@code [A-Za-z0-9._-]+})
 * @param command the job to run
 * @param baseOverrides job overrides shared by every run, {@code key=hocon}: base (sorted by key),
 *     then the command line's job keys
 * @param grid the axes
 * @param seeds one run per seed and grid point; distinct, at least one
 * @param metric the reported metric
 * @param panelBy the axis with one plot panel per value, or null for one panel
 * @param source where the experiment came from (the file path)
 * @param text the file's contents, for provenance
 * @param sets the command line's {@code --set} arguments, as given
 * @param resolvedJson the experiment block after {@code --set}, as JSON, for provenance
 * @param compare the paired comparisons of {@code compare} ({@link ExperimentComparison}), or null
 */
public record ExperimentSpec(
    String name,
    JobKind command,
    List<String> baseOverrides,
    ExperimentGrid grid,
    List<Long> seeds,
    ExperimentMetric metric,
    GridAxis panelBy,
    String source,
    String text,
    List<String> sets,
    String resolvedJson,
    ExperimentComparison compare) {

  /** Keys of the {@code experiment} block. */
  public static final List<String> KEYS = List.of("name", "command", "base", "grid", "zip", "labels", "seeds", "metric", "panel-by", "compare");

  private static final String ROOT = "experiment";
  private static final String PREFIX = ROOT + ".";

  public ExperimentSpec {
    baseOverrides = List.copyOf(baseOverrides);
    seeds = List.copyOf(seeds);
    sets = List.copyOf(sets);
  }

  /**
   * Reads an experiment file and applies {@code --set} arguments.
   *
   * @throws InvalidConfigException naming the file, key and line of anything wrong
   */
  public static ExperimentSpec load(Path file, List<String> sets) {
    GridFile f = GridFile.read(file, "experiment", "expected an experiment file (FILE.conf); see docs/experiments.md");
    return parse(f.text(), f.source(), f.defaultName(), sets);
  }

  /**
   * Parses an experiment from text.
   *
   * @param source where the text came from, for messages
   * @param defaultName the name if the file gives none
   * @param sets {@code --set key=value} arguments (see the type's comment)
   */
  public static ExperimentSpec parse(String text, String source, String defaultName, List<String> sets) {
    Config file = parseText(text, source, ROOT);
    BlockSets split = BlockSets.of(ROOT, sets);
    Config merged = merge(split.blockSets(), file, source, ROOT);
    ConfigObject exp = merged.getObject(ROOT);
    for (String k : exp.keySet()) {
      if (!KEYS.contains(k)) {
        throw new InvalidConfigException(PREFIX + k + where(exp.get(k)) + ": unknown experiment key; expected one of " + String.join(", ", KEYS));
      }
    }
    ExperimentSpec spec = ofBlock(PREFIX, exp.toConfig(), file, text, source, defaultName, split.jobSets(), sets);
    spec = spec.withCompare(ExperimentComparison.parse(PREFIX, exp.toConfig(), spec.grid()));
    if (spec.command() != JobKind.FEDERATE) {
      throw InvalidConfigException.of(PREFIX + "command", spec.command().configName(),
          "federate (experiments report federate's final test accuracy; use fedspark sweep for other jobs)", origin(exp.toConfig(), "command"));
    }
    return spec;
  }

  /** The same experiment with these paired comparisons (null: none). */
  public ExperimentSpec withCompare(ExperimentComparison comparison) {
    return new ExperimentSpec(name, command, baseOverrides, grid, seeds, metric, panelBy, source, text, sets, resolvedJson, comparison);
  }

  /**
   * The {@code --set} arguments of a grid file, split into those that change the file's {@code
   * root} block ({@code --set root.key=...}, as HOCON) and job keys applied to every run.
   */
  public record BlockSets(Config blockSets, List<String> jobSets) {
    public static BlockSets of(String root, List<String> sets) {
      Config blockSets = ConfigFactory.empty();
      List<String> jobSets = new ArrayList<>();
      for (String s : sets) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new InvalidConfigException("--set " + s + ": expected key=value");
        }
        String key = s.substring(0, eq).trim();
        if (key.equals(root) || key.startsWith(root + ".")) {
          blockSets = parseSet(key, s.substring(eq + 1)).withFallback(blockSets);
        } else {
          jobSets.add(s);
        }
      }
      return new BlockSets(blockSets, List.copyOf(jobSets));
    }
  }

  /** Parses a grid file's text (HOCON) whose block is called {@code root} (for messages). */
  public static Config parseText(String text, String source, String root) {
    try {
      return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(source));
    } catch (ConfigException e) {
      throw new InvalidConfigException(root + " file " + e.getMessage());
    }
  }

  /**
   * {@code blockSets} over {@code file}, resolved; checks that the file holds exactly one {@code
   * root { ... }} block.
   */
  public static Config merge(Config blockSets, Config file, String source, String root) {
    Config merged;
    try {
      merged = blockSets.withFallback(file).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(root + " file " + source + ": " + e.getMessage());
    }
    for (String top : merged.root().keySet()) {
      if (!top.equals(root)) {
        throw new InvalidConfigException(root + " file " + source + ": top-level key '" + top + "'" + where(merged.root().get(top))
            + " is not allowed: the file holds one '" + root + " { ... }' block; put job keys under " + root + ".base");
      }
    }
    if (!merged.hasPath(root) || merged.getValue(root).valueType() != ConfigValueType.OBJECT) {
      throw new InvalidConfigException(root + " file " + source + ": expected a '" + root + " { ... }' block");
    }
    return merged;
  }

  /**
   * Reads the grid part of a block: {@code name, command, base, grid, zip, labels, seeds, metric,
   * panel-by} (absent keys take their defaults). The caller has rejected unknown keys.
   *
   * @param prefix the block's path with a trailing dot, for messages and for finding the written
   *     order of the grid in {@code file} (e.g. {@code experiment.} or {@code sweep.jobs.quick.})
   * @param e the block, after {@code --set}
   * @param file the file as parsed (before {@code --set})
   * @param jobSets {@code --set} job keys applied to every run
   * @param sets every {@code --set} argument, as given (for provenance)
   */
  public static ExperimentSpec ofBlock(String prefix, Config e, Config file, String text, String source, String defaultName,
      List<String> jobSets, List<String> sets) {
    String name = e.hasPath("name") ? string(prefix, e, "name") : defaultName;
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw InvalidConfigException.of(prefix + "name", name, "a name of letters, digits, '.', '_' and '-' (it names the output directory)", origin(e, "name"));
    }
    JobKind command = e.hasPath("command") ? gridJob(prefix, e) : JobKind.FEDERATE;
    ExperimentMetric metric = e.hasPath("metric") ? choice(prefix, e, "metric", ExperimentMetric.class) : ExperimentMetric.FINAL_TEST_ACCURACY;

    Map<String, ConfigValue> base = leaves(prefix, e, "base");
    Map<String, ConfigValue> gridValues = leaves(prefix, e, "grid");
    List<String> gridKeys = writtenOrder(prefix + "grid", file, text, gridValues.keySet());

    Set<String> jobSetKeys = new HashSet<>();
    for (String s : jobSets) {
      jobSetKeys.add(s.substring(0, s.indexOf('=')).trim());
    }
    if (base.containsKey("run.seed") || jobSetKeys.contains("run.seed")) {
      throw new InvalidConfigException("run.seed" + (base.containsKey("run.seed") ? where(base.get("run.seed")) : " (--set)")
          + ": the runs take their seeds from " + prefix + "seeds, not run.seed");
    }

    List<GridAxis> axes = gridAxes(prefix, gridKeys, gridValues, base, jobSetKeys);
    axes.addAll(zipGroups(prefix, e, base, jobSetKeys));
    axes = applyLabels(prefix, axes, leaves(prefix, e, "labels"));
    ExperimentGrid grid;
    try {
      grid = new ExperimentGrid(axes);
    } catch (IllegalArgumentException ex) {
      throw new InvalidConfigException(prefix + "grid, zip and labels: " + ex.getMessage());
    }

    List<Long> seeds = seeds(prefix, e);
    GridAxis panelBy = panelBy(prefix, e, grid);

    List<String> baseOverrides = new ArrayList<>();
    for (var en : new TreeMap<>(base).entrySet()) {
      baseOverrides.add(en.getKey() + "=" + en.getValue().render(ConfigRenderOptions.concise()));
    }
    baseOverrides.addAll(jobSets);
    String json = e.root().render(ConfigRenderOptions.concise());
    return new ExperimentSpec(name, command, baseOverrides, grid, seeds, metric, panelBy, source, text, sets, json, null);
  }

  /**
   * The keys of the object at {@code path} in the order they are written in {@code text}
   * (Typesafe Config objects are unordered: the order is recovered from line and column); keys
   * not in the file (from {@code --set}) last, by name.
   */
  private static List<String> writtenOrder(String path, Config file, String text, Set<String> keys) {
    Map<String, Long> fileOrder = new HashMap<>();
    if (file.hasPath(path) && file.getValue(path).valueType() == ConfigValueType.OBJECT) {
      String[] lines = text.split("\\R", -1);
      for (var en : file.getConfig(path).entrySet()) {
        String key = plainKey(en.getKey());
        int line = en.getValue().origin().lineNumber();
        int column = line >= 1 && line <= lines.length ? lines[line - 1].indexOf(key) : -1;
        fileOrder.put(key, ((long) line << 32) + (column < 0 ? Integer.MAX_VALUE : column));
      }
    }
    List<String> ordered = new ArrayList<>(keys);
    ordered.sort(Comparator.comparing((String k) -> fileOrder.getOrDefault(k, Long.MAX_VALUE)).thenComparing(k -> k));
    return ordered;
  }

  /** One axis per {@code grid} key, in {@code gridKeys} order, each checked against the base and {@code --set} keys. */
  private static List<GridAxis> gridAxes(String prefix, List<String> gridKeys, Map<String, ConfigValue> gridValues,
      Map<String, ConfigValue> base, Set<String> jobSetKeys) {
    List<GridAxis> axes = new ArrayList<>();
    for (String key : gridKeys) {
      ConfigValue v = gridValues.get(key);
      String at = prefix + "grid.\"" + key + "\"" + where(v);
      checkAxisKey(prefix, at, key, v, base, jobSetKeys);
      List<GridAxis.Value> values = new ArrayList<>();
      for (String item : axisValues(at, v)) {
        String textValue = unquoted(item);
        values.add(new GridAxis.Value(item, textValue, textValue));
      }
      try {
        axes.add(new GridAxis(key, key, values));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigException(at + ": " + ex.getMessage());
      }
    }
    return axes;
  }

  /** The {@code panel-by} axis, or null when none is set. */
  private static GridAxis panelBy(String prefix, Config e, ExperimentGrid grid) {
    if (!e.hasPath("panel-by") || string(prefix, e, "panel-by").isBlank()) {
      return null;
    }
    String p = string(prefix, e, "panel-by");
    GridAxis panelBy = grid.axis(p);
    if (panelBy == null) {
      throw InvalidConfigException.of(prefix + "panel-by", p, "a grid axis (key or label): "
          + String.join(", ", grid.axes().stream().map(GridAxis::label).toList()), origin(e, "panel-by"));
    }
    return panelBy;
  }

  /**
   * The {@code zip} groups of a block: a list of objects, each mapping job keys to value lists of
   * one length; the i-th values of every key of a group are set together (one axis of the grid).
   */
  private static List<GridAxis> zipGroups(String prefix, Config e, Map<String, ConfigValue> base, Set<String> jobSetKeys) {
    List<GridAxis> out = new ArrayList<>();
    if (!e.hasPath("zip")) {
      return out;
    }
    ConfigValue zip = e.getValue("zip");
    String expected = "a list of groups, e.g. [ { \"federate.rounds\" = [2, 4], \"federate.client.local-epochs\" = [2, 1] } ]";
    if (zip.valueType() != ConfigValueType.LIST) {
      throw InvalidConfigException.of(prefix + "zip", zip.unwrapped(), expected, origin(e, "zip"));
    }
    int g = 0;
    for (ConfigValue group : (ConfigList) zip) {
      String gat = prefix + "zip[" + g++ + "]" + where(group);
      if (group.valueType() != ConfigValueType.OBJECT) {
        throw new InvalidConfigException(gat + ": expected an object of key = [values]; " + expected);
      }
      Map<String, ConfigValue> keys = new TreeMap<>();
      for (var en : ((ConfigObject) group).toConfig().entrySet()) {
        keys.put(plainKey(en.getKey()), en.getValue());
      }
      if (keys.size() < 2) {
        throw new InvalidConfigException(gat + ": a zip group needs at least two keys (put a single key in " + prefix + "grid)");
      }
      List<String> zipKeys = new ArrayList<>(keys.keySet());
      List<List<String>> columns = new ArrayList<>();
      int n = -1;
      for (String key : zipKeys) {
        ConfigValue v = keys.get(key);
        String at = gat + ".\"" + key + "\"";
        checkAxisKey(prefix, at, key, v, base, jobSetKeys);
        List<String> values = axisValues(at, v);
        if (n >= 0 && values.size() != n) {
          throw new InvalidConfigException(gat + ": every key of a zip group needs the same number of values; " + zipKeys.get(0) + " has " + n
              + ", " + key + " has " + values.size());
        }
        n = values.size();
        columns.add(values);
      }
      List<GridAxis.Value> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<String> hocons = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (List<String> c : columns) {
          hocons.add(c.get(i));
          texts.add(unquoted(c.get(i)));
        }
        String text = String.join("/", texts);
        values.add(new GridAxis.Value("[" + String.join(",", hocons) + "]", text, text, hocons));
      }
      String key = String.join("+", zipKeys);
      try {
        out.add(new GridAxis(key, key, values, zipKeys));
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigException(gat + ": " + ex.getMessage());
      }
    }
    return out;
  }

  /** Checks that {@code key} may be a grid axis (or zip key). */
  private static void checkAxisKey(String prefix, String at, String key, ConfigValue v, Map<String, ConfigValue> base, Set<String> jobSetKeys) {
    if (key.startsWith("run.") || key.startsWith("spark.")) {
      throw new InvalidConfigException(at + ": " + key + " cannot be a grid axis (seeds come from " + prefix + "seeds, run"
          + " directories are the runner's, and one SparkSession serves every run)");
    }
    if (key.startsWith("math.")) {
      throw new InvalidConfigException(at + ": " + key + " cannot be a grid axis: the math backend is chosen once per JVM and"
          + " every run shares the driver JVM; run one grid per math setting");
    }
    if (base.containsKey(key)) {
      throw new InvalidConfigException(at + ": " + key + " is both a grid axis and set in " + prefix + "base" + where(base.get(key))
          + "; keep one");
    }
    if (jobSetKeys.contains(key)) {
      throw new InvalidConfigException("--set " + key + ": " + key + " is a grid axis" + where(v) + "; change the axis instead, e.g."
          + " --set '" + prefix + "grid.\"" + key + "\"=[...]'");
    }
  }

  /** The values of an axis, each as concise HOCON; at least one, none an object or list. */
  private static List<String> axisValues(String at, ConfigValue v) {
    if (v.valueType() != ConfigValueType.LIST) {
      throw new InvalidConfigException(at + ": expected a list of values, e.g. [a, b]; got " + v.valueType().name().toLowerCase(Locale.ROOT));
    }
    List<String> values = new ArrayList<>();
    for (ConfigValue item : (ConfigList) v) {
      if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST) {
        throw new InvalidConfigException(at + ": grid values must be single values (numbers, strings, booleans); got "
            + item.render(ConfigRenderOptions.concise()));
      }
      values.add(item.render(ConfigRenderOptions.concise()));
    }
    if (values.isEmpty()) {
      throw new InvalidConfigException(at + ": expected at least one value");
    }
    return values;
  }

  /** A concise HOCON scalar as written, unquoted: {@code "mlp:64-10"} gives {@code mlp:64-10}. */
  public static String unquoted(String hocon) {
    return String.valueOf(ConfigFactory.parseString("v = " + hocon).getValue("v").unwrapped());
  }

  private static List<GridAxis> applyLabels(String prefix, List<GridAxis> axes, Map<String, ConfigValue> labels) {
    Map<String, String> axisNames = new HashMap<>();
    Map<String, Map<String, String>> valueNames = new HashMap<>();
    for (var en : labels.entrySet()) {
      String path = en.getKey();
      ConfigValue v = en.getValue();
      String at = prefix + "labels." + path + where(v);
      GridAxis axis = null;
      for (GridAxis a : axes) {
        if ((path.equals(a.key()) || path.startsWith(a.key() + ".")) && (axis == null || a.key().length() > axis.key().length())) {
          axis = a;
        }
      }
      if (axis == null) {
        continue; // a label of an axis not in this grid (e.g. narrowed with --set)
      }
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw new InvalidConfigException(at + ": expected a name (a string)");
      }
      String label = String.valueOf(v.unwrapped());
      String rest = path.equals(axis.key()) ? "name" : path.substring(axis.key().length() + 1);
      if (rest.equals("name")) {
        axisNames.put(axis.key(), label);
      } else if (rest.startsWith("values.")) {
        String valueText = rest.substring("values.".length());
        valueNames.computeIfAbsent(axis.key(), k -> new HashMap<>()).put(valueText, label);
      } else {
        throw new InvalidConfigException(at + ": expected '" + axis.key() + "' = NAME or '" + axis.key() + "' { name = NAME, values { VALUE = NAME } }");
      }
    }
    List<GridAxis> out = new ArrayList<>();
    for (GridAxis a : axes) {
      out.add(a.relabel(axisNames.getOrDefault(a.key(), a.key()), valueNames.getOrDefault(a.key(), Map.of())));
    }
    return out;
  }

  private static List<Long> seeds(String prefix, Config e) {
    if (!e.hasPath("seeds")) {
      return List.of(1L);
    }
    ConfigValue v = e.getValue("seeds");
    String expected = "a non-empty list of distinct integers, e.g. [1, 2, 3]";
    if (v.valueType() != ConfigValueType.LIST) {
      throw InvalidConfigException.of(prefix + "seeds", v.unwrapped(), expected, origin(e, "seeds"));
    }
    List<Long> seeds = new ArrayList<>();
    for (Object o : (List<?>) v.unwrapped()) {
      long s;
      if (o instanceof Integer || o instanceof Long) {
        s = ((Number) o).longValue();
      } else {
        try {
          s = Long.parseLong(String.valueOf(o).trim());
        } catch (NumberFormatException ex) {
          throw InvalidConfigException.of(prefix + "seeds", v.unwrapped(), expected, origin(e, "seeds"));
        }
      }
      if (seeds.contains(s)) {
        throw InvalidConfigException.of(prefix + "seeds", v.unwrapped(), expected + " (" + s + " is listed twice)", origin(e, "seeds"));
      }
      seeds.add(s);
    }
    if (seeds.isEmpty()) {
      throw InvalidConfigException.of(prefix + "seeds", v.unwrapped(), expected, origin(e, "seeds"));
    }
    return seeds;
  }

  /** The leaf values under an object key, by plain dotted key ({@code "a.b"} and {@code a.b} alike), in no order. */
  private static Map<String, ConfigValue> leaves(String prefix, Config e, String key) {
    Map<String, ConfigValue> out = new LinkedHashMap<>();
    if (!e.hasPath(key)) {
      return out;
    }
    if (e.getValue(key).valueType() != ConfigValueType.OBJECT) {
      throw InvalidConfigException.of(prefix + key, e.getValue(key).unwrapped(), "an object { ... }", origin(e, key));
    }
    for (var en : e.getConfig(key).entrySet()) {
      out.put(plainKey(en.getKey()), en.getValue());
    }
    return out;
  }

  private static String plainKey(String pathExpression) {
    return String.join(".", ConfigUtil.splitPath(pathExpression));
  }

  private static Config parseSet(String key, String value) {
    try {
      return ConfigFactory.parseString(key + " = " + (value.isBlank() ? "\"\"" : value),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription("--set " + key));
    } catch (ConfigException ex) {
      // Not HOCON as written (e.g. contains ':'): a plain string.
      return ConfigFactory.parseMap(Map.of(key, value), "--set " + key);
    }
  }

  private static String string(String prefix, Config e, String key) {
    ConfigValue v = e.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      throw InvalidConfigException.of(prefix + key, v.unwrapped(), "a string", origin(e, key));
    }
    return String.valueOf(v.unwrapped());
  }

  private static <E extends Enum<E> & Choice> E choice(String prefix, Config e, String key, Class<E> type) {
    String s = string(prefix, e, key);
    try {
      return Choice.parse(type, s, prefix + key);
    } catch (IllegalArgumentException ex) {
      throw InvalidConfigException.of(prefix + key, s, "one of " + Choice.allowed(type), origin(e, key));
    }
  }

  /** {@code command}: a job that runs in grids. */
  private static JobKind gridJob(String prefix, Config e) {
    String s = string(prefix, e, "command");
    for (JobKind k : JobKind.values()) {
      if (k.inGrids() && k.configName().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw InvalidConfigException.of(prefix + "command", s, "one of " + JobKind.gridKinds(), origin(e, "command"));
  }

  private static String origin(Config e, String key) {
    return describe(e.getValue(key).origin());
  }

  private static String where(ConfigValue v) {
    String d = describe(v.origin());
    return d == null ? "" : " (" + d + ")";
  }

  private static String describe(ConfigOrigin o) {
    if (o == null) {
      return null;
    }
    return o.description();
  }
}
