package io.fedspark.jobs.data;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.util.List;
import java.util.Map;

/**
 * A user's table and how its columns map to examples (keys under {@code data.source} and
 * {@code data.bad-rows}): where it is ({@code path}, any Hadoop path, read by the executors), its
 * format and reader options, the features (a vector column, an array column, an image column with
 * a declared shape, or a list of numeric columns), the label (numeric, or strings indexed in sorted
 * order), and the optional client, weight and id columns; then the test data (a second path, a
 * split column, or a seeded fraction).
 *
 * @param features one column (vector, array or image) or several numeric columns
 * @param client the natural partition's column ("" for none)
 * @param weight the example weight column ("" for unit weights)
 * @param id the stable row id ("" for a content key)
 * @param shape the C x H x W of an image column ("" when the features are flat)
 * @param featureScale a factor applied to every feature (1: as stored)
 * @param testPath a second table of the same format as the test data ("" for none)
 * @param splitColumn a column whose value {@code splitValue} marks test rows ("" for none)
 * @param testFraction without a test path or split column: the seeded fraction held out as test data
 */
public record DataSourceOptions(TableFormat format, String path, Map<String, String> options, List<String> features,
    String label, String client, String weight, String id, String shape, double featureScale, String testPath,
    String splitColumn, String splitValue, double testFraction, BadRows badRows) implements java.io.Serializable {
  private static final String P = "data.source.";

  /** {@code data.source.format}. */
  public static final Setting<TableFormat> FORMAT = Setting.choice(P + "format", TableFormat.class, TableFormat.PARQUET);
  /** {@code data.source.path}: the table (file or directory, any Hadoop path). */
  public static final Setting<String> PATH = Setting.string(P + "path", "");
  /** {@code data.source.options}: the reader's options (e.g. {@code header = true} for CSV). */
  public static final Setting<Map<String, String>> OPTIONS = Setting.stringMap(P + "options", Map.of());
  /** {@code data.source.features}. */
  public static final Setting<List<String>> FEATURES = Setting.strings(P + "features", List.of("features"))
      .where(l -> !l.isEmpty(), "a column name or a non-empty list of column names");
  /** {@code data.source.label}. */
  public static final Setting<String> LABEL = Setting.string(P + "label", "label");
  /** {@code data.source.client}. */
  public static final Setting<String> CLIENT = Setting.string(P + "client", "");
  /** {@code data.source.weight}. */
  public static final Setting<String> WEIGHT = Setting.string(P + "weight", "");
  /** {@code data.source.id}. */
  public static final Setting<String> ID = Setting.string(P + "id", "");
  /** {@code data.source.shape}: e.g. {@code 1x28x28}. */
  public static final Setting<String> SHAPE = Setting.string(P + "shape", "")
      .where(s -> s.isEmpty() || s.matches("\\d+(x\\d+)*"), "\"\" or dimensions such as 1x28x28 (C x H x W)");
  /** {@code data.source.feature-scale}. */
  public static final Setting<Double> FEATURE_SCALE = Setting.number(P + "feature-scale", 1.0, Bounds.above(0));
  /** {@code data.source.test.path}. */
  public static final Setting<String> TEST_PATH = Setting.string(P + "test.path", "");
  /** {@code data.source.test.split-column}. */
  public static final Setting<String> SPLIT_COLUMN = Setting.string(P + "test.split-column", "");
  /** {@code data.source.test.split-value}. */
  public static final Setting<String> SPLIT_VALUE = Setting.string(P + "test.split-value", "test");
  /** {@code data.source.test.fraction}. */
  public static final Setting<Double> TEST_FRACTION = Setting.number(P + "test.fraction", 0.2, Bounds.open(0, 1));
  /** {@code data.bad-rows}: fail | skip. */
  public static final Setting<BadRows> BAD_ROWS = Setting.choice("data.bad-rows", BadRows.class, BadRows.FAIL);

  public DataSourceOptions {
    options = Map.copyOf(options);
    features = List.copyOf(features);
  }

  /** The options in {@code c}. */
  public static DataSourceOptions from(ConfigView c) {
    return new DataSourceOptions(c.get(FORMAT), c.get(PATH), c.get(OPTIONS), c.get(FEATURES), c.get(LABEL),
        c.get(CLIENT), c.get(WEIGHT), c.get(ID), c.get(SHAPE), c.get(FEATURE_SCALE), c.get(TEST_PATH),
        c.get(SPLIT_COLUMN), c.get(SPLIT_VALUE), c.get(TEST_FRACTION), c.get(BAD_ROWS));
  }

  /**
   * Whether {@code key} changes the examples a job trains on (every {@code data.source} key and
   * {@code data.bad-rows}): part of every job's fingerprint.
   */
  public static boolean determinesTheData(String key) {
    return key.startsWith(P) || key.equals(BAD_ROWS.key());
  }

  /** The declared image shape, or null. */
  public int[] shapeDims() {
    if (shape.isEmpty()) {
      return null;
    }
    String[] parts = shape.split("x");
    int[] d = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      d[i] = Integer.parseInt(parts[i]);
    }
    return d;
  }

  /** This source with another path (the test table of a preset, for one). */
  public DataSourceOptions withPath(String value) {
    return new DataSourceOptions(format, value, options, features, label, client, weight, id, shape, featureScale,
        testPath, splitColumn, splitValue, testFraction, badRows);
  }

  /** This source with a test path. */
  public DataSourceOptions withTestPath(String value) {
    return new DataSourceOptions(format, path, options, features, label, client, weight, id, shape, featureScale, value,
        splitColumn, splitValue, testFraction, badRows);
  }
}
