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
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Scores rows with a network on an executor, {@value #BLOCK_ROWS} rows per forward pass (one
 * matrix product per layer covers a block, as Spark MLlib stacks rows into blocks): reads each
 * row's features (a vector or an array of numbers, times the feature scale) straight from Spark's
 * internal row, runs the block through {@link Model#forward} on the math core, and appends the
 * requested columns of {@link ClassScores} to each row, in the input order. The other columns pass
 * through untouched: a row is never decoded into Java objects and encoded again, which cost more
 * than the forward pass itself for a 784-feature row. Small and serialisable: it travels in the
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

  /** Spark ML's vector type: a struct of (type: 0 sparse, 1 dense; size; indices; values). */
  private static final VectorUDT VECTOR = new VectorUDT();
  private static final int VECTOR_FIELDS = 4;
  private static final byte DENSE = 1;

  private final String spec;
  private final int width;
  private final int featureIndex;
  private final boolean vector;
  private final DataType elementType;
  private final String featuresCol;
  private final float scale;
  private final boolean raw;
  private final boolean probability;
  private final boolean prediction;
  private final double[] thresholds;
  private final boolean lenient;
  private final String mathBackend;
  private final int blasThreads;

  private BatchScorer(String spec, int width, int featureIndex, boolean vector, DataType elementType,
      String featuresCol, float scale, boolean raw, boolean probability, boolean prediction, double[] thresholds,
      boolean lenient, String mathBackend, int blasThreads) {
    this.spec = spec;
    this.width = width;
    this.featureIndex = featureIndex;
    this.vector = vector;
    this.elementType = elementType;
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
    DataType type = schema.apply(featuresCol).dataType();
    return new BatchScorer(spec.toString(), spec.inputSize(), schema.fieldIndex(featuresCol),
        type instanceof VectorUDT, type instanceof ArrayType a ? a.elementType() : null, featuresCol, scale,
        !rawCol.isEmpty(), !probabilityCol.isEmpty(), !predictionCol.isEmpty(),
        thresholds == null ? null : thresholds.clone(), false, null, 0);
  }

  /** This scorer in lenient mode (bad rows scored as nulls, their problem in a last string column), on {@code math}. */
  BatchScorer lenient(MathOptions math) {
    return new BatchScorer(spec, width, featureIndex, vector, elementType, featuresCol, scale, raw, probability,
        prediction, thresholds, true, math.backend().name(), math.blasThreads());
  }

  /** Whether any output column is requested. */
  boolean anyOutput() {
    return raw || probability || prediction;
  }

  /**
   * The scored rows of {@code rows} (Spark's internal rows of the input schema), computed a block
   * at a time as they are consumed: each input row followed by the requested score columns. The
   * input columns are passed through as they are (a byte copy of each row, not decoded into Java
   * objects and encoded again).
   */
  Iterator<InternalRow> score(Iterator<InternalRow> rows, float[] params) {
    if (mathBackend != null) {
      MathRuntime.configure(MathBackend.valueOf(mathBackend), blasThreads);
    }
    Model model = Model.fromParameters(ModelSpec.parse(spec), params);
    float[] x = new float[BLOCK_ROWS * width]; // the block's features, reused block after block
    double[] values = new double[width]; // one row's, reused row after row
    return new Iterator<>() {
      private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && rows.hasNext()) {
          scoreBlock(model, rows, ready, x, values);
        }
        return !ready.isEmpty();
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private void scoreBlock(Model model, Iterator<InternalRow> rows, ArrayDeque<InternalRow> out, float[] x,
      double[] values) {
    InternalRow[] block = new InternalRow[BLOCK_ROWS];
    String[] problems = new String[BLOCK_ROWS];
    int[] position = new int[BLOCK_ROWS];
    int n = 0;
    int good = 0;
    while (n < BLOCK_ROWS && rows.hasNext()) {
      InternalRow r = block[n] = rows.next().copy(); // Spark reuses the row object it hands out
      try {
        features(r, x, good * width, values);
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
      out.add(new JoinedRow(block[i],
          scores(position[i] < 0 ? null : ClassScores.raw(z, position[i] * k, k), problems[i])));
    }
  }

  /** The requested score columns of one row ({@code logits} null: a bad row, scored as nulls). */
  private InternalRow scores(double[] logits, String problem) {
    Object[] values = new Object[(raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0) + (lenient ? 1 : 0)];
    int at = 0;
    double[] p = logits == null ? null : ClassScores.softmax(logits, new double[logits.length]);
    if (raw) {
      values[at++] = logits == null ? null : VECTOR.serialize(Vectors.dense(logits));
    }
    if (probability) {
      values[at++] = p == null ? null : VECTOR.serialize(Vectors.dense(p));
    }
    if (prediction) {
      values[at++] = logits == null ? null : (double) ClassScores.predict(logits, p, thresholds);
    }
    if (lenient) {
      values[at] = UTF8String.fromString(problem);
    }
    return new GenericInternalRow(values);
  }

  /**
   * Writes the features of {@code r}, scaled, to {@code x[from .. from + width)}, or throws a
   * {@link BadDataException} saying what is wrong with them; {@code values} is scratch space of
   * {@code width} doubles.
   */
  private void features(InternalRow r, float[] x, int from, double[] values) {
    if (r.isNullAt(featureIndex)) {
      throw new BadDataException(featuresCol + ": the features are null");
    }
    if (vector) {
      InternalRow v = r.getStruct(featureIndex, VECTOR_FIELDS);
      ArrayData dense = v.getByte(0) == DENSE ? v.getArray(3) : null;
      if (dense instanceof UnsafeArrayData u && u.numElements() == width) { // the common case: one copy, no garbage
        Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(width),
            values, Platform.DOUBLE_ARRAY_OFFSET, width * (long) Double.BYTES);
        features(values, x, from);
      } else {
        features(dense != null ? dense.toDoubleArray() : VECTOR.deserialize(v).toArray(), x, from);
      }
      return;
    }
    ArrayData a = r.getArray(featureIndex);
    double[] d = new double[a.numElements()];
    for (int i = 0; i < d.length; i++) {
      if (a.isNullAt(i)) {
        throw new BadDataException(featuresCol + ": feature " + i + " is null");
      }
      Object o = a.get(i, elementType);
      // as the external Row has it: a decimal through java.math.BigDecimal (Spark's own toDouble may round differently)
      d[i] = o instanceof Decimal dec ? dec.toJavaBigDecimal().doubleValue() : ((Number) o).doubleValue();
    }
    features(d, x, from);
  }

  /** {@code values} times the scale, checked: finite and one per network input. */
  float[] features(double[] values) {
    float[] x = new float[values.length];
    features(values, x, 0);
    return x;
  }

  /** {@link #features(double[])} into {@code x[from .. from + width)}. */
  private void features(double[] values, float[] x, int from) {
    if (values.length != width) {
      throw new BadDataException(featuresCol + ": a row has " + values.length + " features but the model " + spec
          + " takes " + width);
    }
    for (int i = 0; i < width; i++) { // no branch in this loop, so that the JIT vectorises it
      x[from + i] = (float) (values[i] * scale);
    }
    for (int i = 0; i < width; i++) {
      if (!Float.isFinite(x[from + i])) {
        throw new BadDataException(featuresCol + ": feature " + i + " is " + values[i]
            + (Double.isFinite(values[i]) ? " (times " + scale + ")" : ""));
      }
    }
  }
}
