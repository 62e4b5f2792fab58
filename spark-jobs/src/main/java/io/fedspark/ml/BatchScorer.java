package io.fedspark.ml;

import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.BadDataException;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores rows with a network on an executor, {@value #BLOCK_ROWS} rows per forward pass (one
 * matrix product per layer covers a block, as Spark MLlib stacks rows into blocks): decodes each
 * row's features (a vector or an array of numbers, times the feature scale), runs the block through
 * {@link Model#forward} on the math core, and appends the requested columns of
 * {@link ClassScores} to each row, in the input order. Small and serialisable: it travels in the
 * task closure, the parameters in a broadcast.
 *
 * <p>A row whose features are null, not finite, or not as many as the network's inputs fails the
 * task with a {@link BadDataException} naming the column and what was found; in lenient mode (the
 * {@code predict} command's {@code data.bad-rows}) it gets null scores and its problem in an extra
 * last column instead.
 */
final class BatchScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rows per forward pass. */
  static final int BLOCK_ROWS = 512;

  private final String spec;
  private final int width;
  private final int featureIndex;
  private final boolean vector;
  private final String featuresCol;
  private final float scale;
  private final boolean raw;
  private final boolean probability;
  private final boolean prediction;
  private final double[] thresholds;
  private final boolean lenient;
  private final String mathBackend;
  private final int blasThreads;

  private BatchScorer(String spec, int width, int featureIndex, boolean vector, String featuresCol, float scale,
      boolean raw, boolean probability, boolean prediction, double[] thresholds, boolean lenient, String mathBackend,
      int blasThreads) {
    this.spec = spec;
    this.width = width;
    this.featureIndex = featureIndex;
    this.vector = vector;
    this.featuresCol = featuresCol;
    this.scale = scale;
    this.raw = raw;
    this.probability = probability;
    this.prediction = prediction;
    this.thresholds = thresholds;
    this.lenient = lenient;
    this.mathBackend = mathBackend;
    this.blasThreads = blasThreads;
  }

  /**
   * The scorer of rows of {@code schema} (checked: the features column is a vector or an array of
   * numbers); an output column whose name is empty is not produced.
   *
   * @param thresholds Spark ML's class thresholds, or null
   */
  static BatchScorer of(StructType schema, String featuresCol, ModelSpec spec, float scale, String rawCol,
      String probabilityCol, String predictionCol, double[] thresholds) {
    NeuralNetClassificationModel.checkFeatures(schema, featuresCol);
    return new BatchScorer(spec.toString(), spec.inputSize(), schema.fieldIndex(featuresCol),
        schema.apply(featuresCol).dataType() instanceof VectorUDT, featuresCol, scale, !rawCol.isEmpty(),
        !probabilityCol.isEmpty(), !predictionCol.isEmpty(), thresholds == null ? null : thresholds.clone(), false,
        null, 0);
  }

  /** This scorer in lenient mode (bad rows scored as nulls, their problem in a last string column), on {@code math}. */
  BatchScorer lenient(MathOptions math) {
    return new BatchScorer(spec, width, featureIndex, vector, featuresCol, scale, raw, probability, prediction,
        thresholds, true, math.backend().name(), math.blasThreads());
  }

  /** Whether any output column is requested. */
  boolean anyOutput() {
    return raw || probability || prediction;
  }

  /** The scored rows of {@code rows}, computed a block at a time as they are consumed. */
  Iterator<Row> score(Iterator<Row> rows, float[] params) {
    if (mathBackend != null) {
      MathRuntime.configure(MathBackend.valueOf(mathBackend), blasThreads);
    }
    Model model = Model.fromParameters(ModelSpec.parse(spec), params);
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && rows.hasNext()) {
          scoreBlock(model, rows, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private void scoreBlock(Model model, Iterator<Row> rows, ArrayDeque<Row> out) {
    Row[] block = new Row[BLOCK_ROWS];
    String[] problems = new String[BLOCK_ROWS];
    int[] position = new int[BLOCK_ROWS];
    float[] x = new float[BLOCK_ROWS * width];
    int n = 0;
    int good = 0;
    while (n < BLOCK_ROWS && rows.hasNext()) {
      Row r = block[n] = rows.next();
      try {
        float[] f = features(r);
        System.arraycopy(f, 0, x, good * width, width);
        position[n] = good++;
      } catch (BadDataException e) {
        if (!lenient) {
          throw e;
        }
        problems[n] = e.getMessage();
        position[n] = -1;
      }
      n++;
    }
    float[] z = good == 0 ? new float[0] : model.forward(FloatMatrix.wrap(x, 0, good, width)).data();
    int k = good == 0 ? 0 : z.length / good;
    for (int i = 0; i < n; i++) {
      out.add(withScores(block[i], position[i] < 0 ? null : ClassScores.raw(z, position[i] * k, k), problems[i]));
    }
  }

  /** {@code r} with the requested scores appended ({@code logits} null: a bad row, scored as nulls). */
  private Row withScores(Row r, double[] logits, String problem) {
    int extra = (raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0) + (lenient ? 1 : 0);
    Object[] values = new Object[r.length() + extra];
    for (int i = 0; i < r.length(); i++) {
      values[i] = r.get(i);
    }
    int at = r.length();
    double[] p = logits == null ? null : ClassScores.softmax(logits, new double[logits.length]);
    if (raw) {
      values[at++] = logits == null ? null : Vectors.dense(logits);
    }
    if (probability) {
      values[at++] = p == null ? null : Vectors.dense(p);
    }
    if (prediction) {
      values[at++] = logits == null ? null : (double) ClassScores.predict(logits, p, thresholds);
    }
    if (lenient) {
      values[at] = problem;
    }
    return RowFactory.create(values);
  }

  /** The features of {@code r}, scaled, or a {@link BadDataException} saying what is wrong with them. */
  private float[] features(Row r) {
    if (r.isNullAt(featureIndex)) {
      throw new BadDataException(featuresCol + ": the features are null");
    }
    if (vector) {
      Vector v = (Vector) r.get(featureIndex);
      return features(v.toArray());
    }
    List<Object> l = r.getList(featureIndex);
    double[] d = new double[l.size()];
    for (int i = 0; i < d.length; i++) {
      Object o = l.get(i);
      if (o == null) {
        throw new BadDataException(featuresCol + ": feature " + i + " is null");
      }
      d[i] = ((Number) o).doubleValue();
    }
    return features(d);
  }

  /** {@code values} times the scale, checked: finite and one per network input. */
  float[] features(double[] values) {
    if (values.length != width) {
      throw new BadDataException(featuresCol + ": a row has " + values.length + " features but the model " + spec
          + " takes " + width);
    }
    float[] x = new float[width];
    for (int i = 0; i < width; i++) {
      x[i] = (float) (values[i] * scale);
      if (!Float.isFinite(x[i])) {
        throw new BadDataException(featuresCol + ": feature " + i + " is " + values[i]
            + (Double.isFinite(values[i]) ? " (times " + scale + ")" : ""));
      }
    }
    return x;
  }
}
