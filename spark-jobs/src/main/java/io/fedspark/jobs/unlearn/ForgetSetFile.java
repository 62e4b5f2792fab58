package io.fedspark.jobs.unlearn;

import io.fedspark.math.Choice;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.io.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The forget sets of a centralized {@code fedspark unlearn} run, {@code indices.csv}: written by every
 * run and read back by a later audit ({@value #KEY}) that reuses a published worst-case set instead of
 * searching (Fan et al., ECCV 2024: the selected set is the object of the audit, so an audit of other
 * methods must be able to run on exactly that set).
 *
 * <p>Format: {@code #} comment lines with {@code key = value} pairs (the header), then a CSV with the
 * columns {@value #COLUMNS}, one row per (kind, ratio, seed), the indices into the training split
 * separated by spaces. The header records the dataset, its training-split size, {@code run.seed} and the
 * {@link #fingerprint} of the keys that determine the original model; a file from before the header
 * existed (the CSV alone) is still read, its indices checked against the dataset but not its origin.
 */
public final class ForgetSetFile {
  /** The configuration key naming a saved forget-set file. */
  static final String KEY = "unlearn.forget-set";
  static final String COLUMNS = "forget_kind,ratio,seed,forget_size,indices";

  private static final String DATASET = "dataset";
  private static final String TRAIN_SIZE = "train-size";
  private static final String RUN_SEED = "run-seed";
  private static final String FINGERPRINT = "fingerprint";
  private static final String REUSED_FROM = "reused-from";

  /**
   * Where a set file comes from: a set is the worst case of one original model, so a reuse must train
   * the same one.
   *
   * @param dataset {@code unlearn.dataset}
   * @param trainSize examples in its training split (the indices' range)
   * @param runSeed {@code run.seed}
   * @param fingerprint {@link #fingerprint} of the configuration
   */
  public record Origin(String dataset, int trainSize, long runSeed, String fingerprint) {}

  /** One saved set; {@code line} is its 1-based line in the file. */
  record Row(ForgetKind kind, double ratio, long seed, int[] indices, int line) {
    String key() {
      return ForgetSetFile.key(kind, ratio, seed);
    }
  }

  private final String path;
  private final Origin origin;
  private final Map<String, Row> rows;

  private ForgetSetFile(String path, Origin origin, Map<String, Row> rows) {
    this.path = path;
    this.origin = origin;
    this.rows = rows;
  }

  /**
   * The configuration fingerprint a set file records: {@link ConfigFingerprint} of the keys that
   * determine the original model the sets were selected against ({@code unlearn.dataset},
   * {@code unlearn.model}, {@code unlearn.original.*}, {@code run.seed}, {@code math.backend}). The
   * methods, their hyperparameters, the search settings and where the run goes are not part of it.
   */
  public static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, k -> k.equals("unlearn.dataset") || k.equals("unlearn.model")
        || k.startsWith("unlearn.original.") || k.equals("run.seed") || k.equals("math.backend")
        || io.fedspark.jobs.data.DataSourceOptions.determinesTheData(k));
  }

  /** The text of {@code indices.csv}: header, then the rows; {@code reusedFrom} is null after a search. */
  static String render(Origin origin, String reusedFrom, List<Row> rows) {
    StringBuilder b = new StringBuilder("# fedspark unlearn forget sets: indices into the training split\n");
    b.append("# ").append(DATASET).append(" = ").append(origin.dataset()).append('\n');
    b.append("# ").append(TRAIN_SIZE).append(" = ").append(origin.trainSize()).append('\n');
    b.append("# ").append(RUN_SEED).append(" = ").append(origin.runSeed()).append('\n');
    b.append("# ").append(FINGERPRINT).append(" = ").append(origin.fingerprint()).append('\n');
    if (reusedFrom != null) {
      b.append("# ").append(REUSED_FROM).append(" = ").append(reusedFrom).append('\n');
    }
    b.append(COLUMNS).append('\n');
    for (Row r : rows) {
      b.append(r.kind().configName()).append(',').append(r.ratio()).append(',').append(r.seed()).append(',')
          .append(r.indices().length).append(',')
          .append(Arrays.stream(r.indices()).mapToObj(Integer::toString).collect(Collectors.joining(" "))).append('\n');
    }
    return b.toString();
  }

  /** Reads and parses the file at {@code path} (any Hadoop file system); every defect is an {@link InvalidConfigException}. */
  static ForgetSetFile read(HadoopFiles files, String path) {
    Path p = new Path(path);
    FileSystem fs = files.fileSystem(p);
    String text;
    try {
      if (fs.getFileStatus(p).isDirectory()) {
        throw InvalidConfigException.of(KEY, path, "the indices.csv of an earlier fedspark unlearn run, but it is a directory", null);
      }
      try (InputStream in = fs.open(p)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException e) {
      throw InvalidConfigException.of(KEY, path, "the indices.csv of an earlier fedspark unlearn run, but no such file exists", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + KEY + " = '" + path + "': " + e.getMessage(), e);
    }
    return parse(path, text);
  }

  /** Parses the text of a set file read from {@code path} (named in errors). */
  static ForgetSetFile parse(String path, String text) {
    String[] lines = text.split("\n", -1);
    Map<String, String> header = new LinkedHashMap<>();
    Map<String, Row> rows = new LinkedHashMap<>();
    boolean columns = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int no = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (columns) {
          throw bad(path, no, "header lines (#) only before the column line");
        }
        int eq = line.indexOf('=');
        if (eq > 0) {
          header.put(line.substring(1, eq).strip(), line.substring(eq + 1).strip());
        }
        continue;
      }
      if (!columns) {
        if (!line.equals(COLUMNS)) {
          throw bad(path, no, "the column line '" + COLUMNS + "', found '" + abbreviate(line) + "'");
        }
        columns = true;
        continue;
      }
      Row row = row(path, no, line);
      Row before = rows.putIfAbsent(row.key(), row);
      if (before != null) {
        throw bad(path, no, "one set per (kind, ratio, seed), but " + row.kind().configName() + " ratio " + row.ratio()
            + " seed " + row.seed() + " is also on line " + before.line());
      }
    }
    if (!columns) {
      throw bad(path, lines.length, "the column line '" + COLUMNS + "' (is this an indices.csv of fedspark unlearn?)");
    }
    if (rows.isEmpty()) {
      throw bad(path, lines.length, "at least one forget set after the column line");
    }
    return new ForgetSetFile(path, origin(path, header), rows);
  }

  private static Origin origin(String path, Map<String, String> header) {
    if (!header.containsKey(DATASET) && !header.containsKey(TRAIN_SIZE) && !header.containsKey(RUN_SEED)
        && !header.containsKey(FINGERPRINT)) {
      return null;
    }
    for (String k : List.of(DATASET, TRAIN_SIZE, RUN_SEED, FINGERPRINT)) {
      if (header.get(k) == null || header.get(k).isEmpty()) {
        throw InvalidConfigException.of(KEY, path, "a header with '# " + k + " = ...' (it has " + header.keySet()
            + "); write the header of fedspark unlearn back unchanged, or drop the whole header", null);
      }
    }
    try {
      return new Origin(header.get(DATASET), Integer.parseInt(header.get(TRAIN_SIZE)), Long.parseLong(header.get(RUN_SEED)),
          header.get(FINGERPRINT));
    } catch (NumberFormatException e) {
      throw InvalidConfigException.of(KEY, path, "integer header values of " + TRAIN_SIZE + " and " + RUN_SEED + ", found "
          + header.get(TRAIN_SIZE) + " and " + header.get(RUN_SEED), null);
    }
  }

  private static Row row(String path, int no, String line) {
    String[] f = line.split(",", -1);
    if (f.length != 5) {
      throw bad(path, no, "5 fields (" + COLUMNS + "), found " + f.length);
    }
    ForgetKind kind;
    try {
      kind = Choice.parse(ForgetKind.class, f[0].strip(), "forget_kind");
    } catch (IllegalArgumentException e) {
      throw bad(path, no, "forget_kind random | worst-case | easiest, found '" + f[0] + "'");
    }
    if (kind == ForgetKind.CLIENT || kind == ForgetKind.WORST_CASE_CLIENT) {
      throw bad(path, no, "forget_kind random | worst-case | easiest (client sets belong to unlearn.setting = federated)");
    }
    double ratio;
    long seed;
    int size;
    try {
      ratio = Double.parseDouble(f[1].strip());
      seed = Long.parseLong(f[2].strip());
      size = Integer.parseInt(f[3].strip());
    } catch (NumberFormatException e) {
      throw bad(path, no, "a number in ratio, seed and forget_size, found '" + f[1] + "', '" + f[2] + "', '" + f[3] + "'");
    }
    String list = f[4].strip();
    String[] parts = list.isEmpty() ? new String[0] : list.split("\\s+");
    int[] idx = new int[parts.length];
    BitSet seen = new BitSet();
    for (int j = 0; j < parts.length; j++) {
      try {
        idx[j] = Integer.parseInt(parts[j]);
      } catch (NumberFormatException e) {
        throw bad(path, no, "indices as integers separated by spaces, found '" + abbreviate(parts[j]) + "'");
      }
      if (idx[j] < 0) {
        throw bad(path, no, "indices >= 0, found " + idx[j]);
      }
      if (seen.get(idx[j])) {
        throw bad(path, no, "distinct indices, but " + idx[j] + " appears more than once in the " + kind.configName()
            + " set of ratio " + ratio + ", seed " + seed);
      }
      seen.set(idx[j]);
    }
    if (idx.length != size || size == 0) {
      throw bad(path, no, "forget_size (" + size + ") >= 1 indices, found " + idx.length);
    }
    return new Row(kind, ratio, seed, idx, no);
  }

  /**
   * Checks the file against this run before any work: its header (when it has one) against {@code
   * expected}, and that it holds a set for every (kind, ratio, seed) of the grid, of the size the ratio
   * gives and with indices inside the training split.
   */
  void check(Origin expected, UnlearnOptions opts) {
    if (origin == null) {
      System.out.println("[unlearn] " + KEY + " = '" + path + "' has no header (written before it was recorded):"
          + " dataset, run.seed and configuration cannot be checked, only sizes and index ranges");
    } else {
      if (!origin.dataset().equals(expected.dataset())) {
        throw mismatch("unlearn.dataset = " + expected.dataset(), "dataset " + origin.dataset());
      }
      if (origin.runSeed() != expected.runSeed()) {
        throw mismatch("run.seed = " + expected.runSeed(), "run.seed = " + origin.runSeed()
            + " (a worst-case set belongs to one original model: use the seed it was published with)");
      }
      if (origin.trainSize() != expected.trainSize()) {
        throw mismatch(expected.dataset() + " has " + expected.trainSize() + " training examples here",
            "a training split of " + origin.trainSize() + " examples (a different subset or version of the data)");
      }
      if (!origin.fingerprint().equals(expected.fingerprint())) {
        throw mismatch("configuration fingerprint " + expected.fingerprint(), "configuration fingerprint "
            + origin.fingerprint() + " (unlearn.model, unlearn.original.*, data.source.* or math.backend differ from the run that"
            + " selected the set: use its configuration, see its provenance.json)");
      }
    }
    int n = expected.trainSize();
    for (int r = 0; r < opts.ratios().size(); r++) {
      double ratio = opts.ratios().get(r);
      int m = (int) Math.round(ratio * n);
      for (long seed : opts.seeds()) {
        for (ForgetKind kind : opts.forgetKinds()) {
          Row row = rows.get(key(kind, ratio, seed));
          if (row == null) {
            throw InvalidConfigException.of(KEY, path, "a set for every unlearn.forget-kinds x unlearn.ratios x unlearn.seeds,"
                + " but it has none for " + kind.configName() + ", ratio " + ratio + ", seed " + seed + " (it holds "
                + String.join("; ", rows.values().stream().map(ForgetSetFile::describe).toList())
                + "): set those three keys to values the file holds", null);
          }
          if (row.indices().length != m) {
            throw bad(path, row.line(), "ratio " + ratio + " of the " + n + " training examples, " + m + " indices, found "
                + row.indices().length);
          }
          for (int i : row.indices()) {
            if (i >= n) {
              throw bad(path, row.line(), "indices in [0, " + n + ") (the training split of unlearn.dataset = "
                  + expected.dataset() + "), found " + i);
            }
          }
        }
      }
    }
  }

  /** The set of (kind, ratio, seed), ascending; {@link #check} has established that it exists. */
  int[] set(ForgetKind kind, double ratio, long seed) {
    int[] s = rows.get(key(kind, ratio, seed)).indices().clone();
    Arrays.sort(s);
    return s;
  }

  String path() {
    return path;
  }

  private InvalidConfigException mismatch(String here, String saved) {
    return InvalidConfigException.of(KEY, path, "a set saved for this run (" + here + "), but it was saved for " + saved,
        null);
  }

  private static String describe(Row r) {
    return r.kind().configName() + " ratio " + r.ratio() + " seed " + r.seed();
  }

  private static String key(ForgetKind kind, double ratio, long seed) {
    return kind.configName() + "/" + Double.doubleToLongBits(ratio) + "/" + seed;
  }

  private static InvalidConfigException bad(String path, int line, String expected) {
    return InvalidConfigException.of(KEY, path, String.format(Locale.ROOT, "on line %d %s", line, expected), null);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
