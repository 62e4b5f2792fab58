package io.fedspark.jobs.data;

import io.fedspark.federated.data.Example;
import io.fedspark.federated.data.RowKey;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Turns a row of the user's table into an example on the executors, as {@link ColumnMapping}
 * planned it from the schema: the features from a vector, an array or several numeric columns
 * (scaled), the label (an integral number, or a string looked up in the sorted label index), the
 * weight, the stable key ({@link RowKey}: the id column, else the content) and the client. Small
 * and serialisable: it travels in the task closure instead of any data.
 */
final class RowDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How the features are stored. */
  enum FeatureKind {
    VECTOR,
    ARRAY,
    COLUMNS
  }

  private final FeatureKind kind;
  private final int[] featureColumns;
  private final String[] featureNames;
  private final int labelColumn;
  private final boolean stringLabel;
  private final int weightColumn;
  private final int idColumn;
  private final int clientColumn;
  private final int splitColumn;
  private final String splitValue;
  private final int fileColumn;
  private final int blockColumn;
  private final float scale;
  private final int expectedLength;
  private final long testSalt;
  private final double testFraction;
  private final boolean fractionSplit;

  RowDecoder(FeatureKind kind, int[] featureColumns, String[] featureNames, int labelColumn, boolean stringLabel,
      int weightColumn, int idColumn, int clientColumn, int splitColumn, String splitValue, int fileColumn, int blockColumn, float scale,
      int expectedLength, long testSalt, double testFraction, boolean fractionSplit) {
    this.kind = kind;
    this.featureColumns = featureColumns;
    this.featureNames = featureNames;
    this.labelColumn = labelColumn;
    this.stringLabel = stringLabel;
    this.weightColumn = weightColumn;
    this.idColumn = idColumn;
    this.clientColumn = clientColumn;
    this.splitColumn = splitColumn;
    this.splitValue = splitValue;
    this.fileColumn = fileColumn;
    this.blockColumn = blockColumn;
    this.scale = scale;
    this.expectedLength = expectedLength;
    this.testSalt = testSalt;
    this.testFraction = testFraction;
    this.fractionSplit = fractionSplit;
  }

  /** This decoder once the table's feature count is known (rows of another length are ragged). */
  RowDecoder withLength(int length) {
    return new RowDecoder(kind, featureColumns, featureNames, labelColumn, stringLabel, weightColumn, idColumn,
        clientColumn, splitColumn, splitValue, fileColumn, blockColumn, scale, length, testSalt, testFraction, fractionSplit);
  }

  boolean stringLabel() {
    return stringLabel;
  }

  /** The features' length when every row has it (columns, declared shape), else -1 until known. */
  int expectedLength() {
    return expectedLength;
  }

  /** A task's position counter over its input rows. */
  RowPosition position() {
    return new RowPosition(fileColumn, blockColumn);
  }

  /** Row {@code r} at {@code at} as a raw row, its problem (if any) named with its position. */
  RawRow raw(Row r, RowPosition at) {
    float[] x;
    try {
      x = features(r);
    } catch (NullPointerException e) {
      return problem(at, RowProblem.NULL_VALUE, "a feature (" + String.join(", ", featureNames) + ") is null");
    } catch (NumberFormatException e) {
      return problem(at, RowProblem.NOT_FINITE, "a feature (" + String.join(", ", featureNames) + ") is not a number: "
          + e.getMessage());
    }
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        return problem(at, RowProblem.NOT_FINITE, "feature " + i + " is " + x[i]);
      }
    }
    if (expectedLength >= 0 && x.length != expectedLength) {
      return problem(at, RowProblem.RAGGED, "it has " + x.length + " features, the table " + expectedLength);
    }
    if (r.isNullAt(labelColumn)) {
      return problem(at, RowProblem.NULL_VALUE, "the label is null");
    }
    String label = labelText(r.get(labelColumn));
    if (label == null) {
      return problem(at, RowProblem.BAD_LABEL, "the label " + r.get(labelColumn)
          + " is not a class index (an integer >= 0) nor a string");
    }
    float w = 1f;
    if (weightColumn >= 0) {
      if (r.isNullAt(weightColumn)) {
        return problem(at, RowProblem.NULL_VALUE, "the weight is null");
      }
      w = ((Number) r.get(weightColumn)).floatValue();
      if (!Float.isFinite(w)) {
        return problem(at, RowProblem.NOT_FINITE, "the weight is " + w);
      }
      if (w < 0) {
        return problem(at, RowProblem.BAD_WEIGHT, "the weight is " + w);
      }
    }
    String client = null;
    if (clientColumn >= 0) {
      if (r.isNullAt(clientColumn)) {
        return problem(at, RowProblem.NULL_VALUE, "the client is null");
      }
      client = String.valueOf(r.get(clientColumn));
    }
    long key = key(r, x, label, w);
    boolean test = splitColumn >= 0 ? !r.isNullAt(splitColumn) && String.valueOf(r.get(splitColumn)).equals(splitValue)
        : fractionSplit && RowKey.unit(key, testSalt) < testFraction;
    return new RawRow(x, label, w, key, client, test, null, null, null);
  }

  /** The example of a usable raw row with its label's class index. */
  static Example example(RawRow raw, Map<String, Integer> labelIndex) {
    Integer y = labelIndex.get(raw.label());
    if (y == null) {
      throw new IllegalStateException("label '" + raw.label() + "' is not in the label index");
    }
    return new Example(raw.key(), raw.features(), y, raw.weight());
  }

  private static RawRow problem(RowPosition at, RowProblem p, String detail) {
    return new RawRow(null, null, 0f, 0L, null, false, p, at.where(), detail);
  }

  private long key(Row r, float[] x, String label, float w) {
    if (idColumn >= 0 && !r.isNullAt(idColumn)) {
      Object id = r.get(idColumn);
      return id instanceof Long || id instanceof Integer || id instanceof Short ? RowKey.ofId(((Number) id).longValue())
          : RowKey.ofId(String.valueOf(id));
    }
    long k = RowKey.hash(RowKey.ofContent(x, 0, x.length, 0), RowKey.ofId(label));
    return w == 1f ? k : RowKey.hash(k, Float.floatToIntBits(w));
  }

  private String labelText(Object v) {
    if (stringLabel) {
      return String.valueOf(v);
    }
    double d = ((Number) v).doubleValue();
    if (!(d >= 0) || d != Math.rint(d) || d > Integer.MAX_VALUE) {
      return null;
    }
    return Long.toString((long) d);
  }

  private float[] features(Row r) {
    switch (kind) {
      case VECTOR: {
        Vector v = (Vector) r.get(featureColumns[0]);
        if (v == null) {
          throw new NullPointerException();
        }
        double[] d = v.toArray();
        float[] x = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          x[i] = (float) (d[i] * scale);
        }
        return x;
      }
      case ARRAY: {
        if (r.isNullAt(featureColumns[0])) {
          throw new NullPointerException();
        }
        List<Object> l = r.getList(featureColumns[0]);
        float[] x = new float[l.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (((Number) l.get(i)).doubleValue() * scale);
        }
        return x;
      }
      default: {
        float[] x = new float[featureColumns.length];
        for (int i = 0; i < x.length; i++) {
          Object v = r.get(featureColumns[i]);
          if (v == null) {
            throw new NullPointerException();
          }
          double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
          x[i] = (float) (d * scale);
        }
        return x;
      }
    }
  }
}
