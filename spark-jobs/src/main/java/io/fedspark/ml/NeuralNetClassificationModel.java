package io.fedspark.ml;

import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained fedspark network as a Spark ML probabilistic classifier: the model spec (e.g.
 * {@code mlp:784-200-10}), its flat float parameters, the label map (class index to label: string
 * labels in sorted order, integer labels as themselves) and how it was trained (provenance JSON).
 * What {@link NeuralNetClassifier} and {@link FederatedClassifier} fit, what every
 * {@code fedspark train} and {@code federate} run writes to {@code model/}, and what
 * {@code fedspark predict} and {@code export} read.
 *
 * <p>{@link #transform} appends Spark ML's columns: {@code rawPrediction} (the logits z),
 * {@code probability} ({@code softmax(z)}, {@link ClassScores}) and {@code prediction} (the class
 * index as a double; its column metadata holds the label names, so {@code IndexToString} turns it
 * back into labels). Scoring runs on the executors with the math core, a block of
 * {@value BatchScorer#BLOCK_ROWS} rows per forward pass ({@link BatchScorer}); the features are a
 * vector or an array of numbers, multiplied by {@code featureScale} first, as the data plane did
 * at training ({@code data.source.feature-scale}).
 *
 * <p>Saved by {@link #write()} and read by {@link #load} in the layout of {@link ModelDirectory}
 * (Spark ML's metadata, so {@code PipelineModel.load} finds it, plus core-math's model file).
 */
public final class NeuralNetClassificationModel
    extends ProbabilisticClassificationModel<Vector, NeuralNetClassificationModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid;
  private final String spec;
  private final float[] parameters;
  private final String[] labels;
  private final String provenance;
  private final SettingParam featureScale;

  /**
   * @param spec the network (its outputs are the classes)
   * @param parameters its flat parameters (copied)
   * @param labels the label of each class index, one per output
   * @param provenance how it was trained, as a JSON object
   */
  public NeuralNetClassificationModel(String uid, ModelSpec spec, float[] parameters, List<String> labels,
      String provenance) {
    this(StageUid.next(uid), spec, parameters, labels, provenance);
  }

  private NeuralNetClassificationModel(StageUid.Pending pending, ModelSpec spec, float[] parameters,
      List<String> labels, String provenance) {
    super();
    uid();
    if (parameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException("the model " + spec + " has " + spec.parameterCount() + " parameters, not "
          + parameters.length);
    }
    if (labels.size() != spec.outputSize()) {
      throw new IllegalArgumentException("the model " + spec + " has " + spec.outputSize() + " outputs but "
          + labels.size() + " labels");
    }
    this.spec = spec.toString();
    this.parameters = parameters.clone();
    this.labels = labels.toArray(new String[0]);
    this.provenance = provenance;
    this.featureScale = SettingParam.of(uid, "featureScale", DataSourceOptions.FEATURE_SCALE);
    setDefault(featureScale(), (Double) featureScale.defaultValue());
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = StageUid.take("nnModel");
    }
    return uid;
  }

  /** The network's spec, e.g. {@code mlp:784-200-10}. */
  public String spec() {
    return spec;
  }

  /** A copy of the flat parameters. */
  public float[] parameters() {
    return parameters.clone();
  }

  /** The label of each class index (what {@code prediction} stands for). */
  public String[] labels() {
    return labels.clone();
  }

  /** How the model was trained: configuration, seed, versions, data (JSON). */
  public String provenance() {
    return provenance;
  }

  /**
   * {@code featureScale}: every feature is multiplied by it before the network (the training's
   * {@code data.source.feature-scale}).
   */
  public DoubleParam featureScale() {
    return featureScale == null ? null : (DoubleParam) featureScale.param(); // null while Spark's constructor runs
  }

  public double getFeatureScale() {
    return (Double) getOrDefault(featureScale());
  }

  public NeuralNetClassificationModel setFeatureScale(double value) {
    return (NeuralNetClassificationModel) set(featureScale(), value);
  }

  @Override
  public org.apache.spark.ml.param.Param<?>[] params() {
    return ParamList.with(super.params(), featureScale());
  }

  @Override
  public int numClasses() {
    return labels.length;
  }

  @Override
  public int numFeatures() {
    return ModelSpec.parse(spec).inputSize();
  }

  /** The logits of one example (Spark ML's single-row API; {@link #transform} scores blocks of rows). */
  @Override
  public Vector predictRaw(Vector features) {
    BatchScorer scorer = scorer(new StructType().add(getFeaturesCol(), new VectorUDT()));
    float[] x = scorer.features(features.toArray());
    float[] z = Model.fromParameters(ModelSpec.parse(spec), parameters)
        .forward(FloatMatrix.wrap(x, 0, 1, x.length)).data();
    return Vectors.dense(ClassScores.raw(z, 0, z.length));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector d)) {
      throw new IllegalArgumentException("rawPrediction must be a dense vector, not "
          + rawPrediction.getClass().getSimpleName());
    }
    ClassScores.softmax(d.values(), d.values());
    return d;
  }

  @Override
  public NeuralNetClassificationModel copy(ParamMap extra) {
    NeuralNetClassificationModel m = new NeuralNetClassificationModel(uid(), ModelSpec.parse(spec), parameters,
        List.of(labels), provenance);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, getFeaturesCol(), getRawPredictionCol(), getProbabilityCol(), getPredictionCol(),
        labels.length, labels);
  }

  /**
   * The scores of every row, computed on the executors in blocks of rows; the parameters travel
   * once per executor as a broadcast, left to Spark's cleaner (the returned Dataset is lazy and may
   * be computed any number of times). The input's rows are read and passed on in Spark's internal
   * form ({@link InternalRowFrame}), as {@code Dataset.rdd()} reads them: its query is planned
   * here, when {@code transform} is called (with adaptive execution, a shuffle in it runs then).
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    BatchScorer scorer = scorer(dataset.schema());
    return scorer.anyOutput() ? score(dataset, scorer, out) : dataset.toDF();
  }

  /**
   * {@link #transform} for {@code fedspark predict}: a row whose features cannot be scored (null,
   * not finite, another count than the network's inputs) gets null scores and its problem in the
   * extra last column {@code problemCol} instead of failing the job; the math core is configured as
   * {@code math} says on every executor.
   */
  public Dataset<Row> transformLeniently(Dataset<?> dataset, String problemCol, MathOptions math) {
    StructType scores = transformSchema(dataset.schema(), true);
    StructType out = new StructType();
    for (StructField f : scores.fields()) { // a bad row's scores are null
      out = out.add(dataset.schema().getFieldIndex(f.name()).isDefined() ? f
          : new StructField(f.name(), f.dataType(), true, f.metadata()));
    }
    return score(dataset, scorer(dataset.schema()).lenient(math), out.add(problemCol, DataTypes.StringType, true));
  }

  private Dataset<Row> score(Dataset<?> dataset, BatchScorer scorer, StructType out) {
    if (isDefined(thresholds()) && getThresholds().length != labels.length) {
      throw new IllegalArgumentException("thresholds has " + getThresholds().length + " values but the model has "
          + labels.length + " classes");
    }
    Broadcast<float[]> bc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
        .broadcast(parameters);
    RDD<InternalRow> scored = dataset.toDF().queryExecution().toRdd().toJavaRDD()
        .mapPartitions((FlatMapFunction<Iterator<InternalRow>, InternalRow>) rows -> scorer.score(rows, bc.value()),
            true)
        .rdd();
    return InternalRowFrame.of(dataset.sparkSession(), scored, out);
  }

  /** The executor-side scorer of rows of {@code schema}. */
  BatchScorer scorer(StructType schema) {
    return BatchScorer.of(schema, getFeaturesCol(), ModelSpec.parse(spec), (float) getFeatureScale(),
        getRawPredictionCol(), getProbabilityCol(), getPredictionCol(),
        isDefined(thresholds()) ? getThresholds() : null);
  }

  /**
   * {@code schema} with the output columns appended (those whose name is not empty), in Spark ML's
   * order and with its metadata; checks the features column.
   *
   * @param labels the class names for the prediction column's metadata, or null before a fit
   */
  static StructType outputSchema(StructType schema, String featuresCol, String rawCol, String probabilityCol,
      String predictionCol, int classes, String[] labels) {
    checkFeatures(schema, featuresCol);
    StructType out = schema;
    for (String col : new String[] {rawCol, probabilityCol, predictionCol}) {
      if (!col.isEmpty() && List.of(out.fieldNames()).contains(col)) {
        throw new IllegalArgumentException("output column " + col + " already exists; its columns are "
            + List.of(schema.fieldNames()));
      }
    }
    if (!rawCol.isEmpty()) {
      out = out.add(classes > 0 ? new AttributeGroup(rawCol, classes).toStructField()
          : new AttributeGroup(rawCol).toStructField());
    }
    if (!probabilityCol.isEmpty()) {
      out = out.add(classes > 0 ? new AttributeGroup(probabilityCol, classes).toStructField()
          : new AttributeGroup(probabilityCol).toStructField());
    }
    if (!predictionCol.isEmpty()) {
      NominalAttribute attr = NominalAttribute.defaultAttr().withName(predictionCol);
      StructField f = labels != null ? attr.withValues(labels).toStructField() : attr.toStructField();
      out = out.add(f);
    }
    return out;
  }

  /** Fails unless {@code col} is a vector or an array of numbers. */
  static void checkFeatures(StructType schema, String col) {
    if (!List.of(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("featuresCol '" + col + "': no such column; the columns are "
          + List.of(schema.fieldNames()));
    }
    DataType t = schema.apply(col).dataType();
    if (!(t instanceof VectorUDT) && !(t instanceof ArrayType a && a.elementType() instanceof NumericType)) {
      throw new IllegalArgumentException("featuresCol '" + col + "' is " + t.simpleString()
          + ", expected a vector (e.g. VectorAssembler's output) or an array of numbers");
    }
  }

  @Override
  public MLWriter write() {
    NeuralNetClassificationModel model = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelDirectory.write(sparkSession().sparkContext().hadoopConfiguration(), path, model);
      }
    };
  }

  /** The reader of saved models ({@code PipelineModel.load} calls it through reflection). */
  public static MLReader<NeuralNetClassificationModel> read() {
    return new MLReader<>() {
      @Override
      public NeuralNetClassificationModel load(String path) {
        return ModelDirectory.read(sparkSession().sparkContext().hadoopConfiguration(), path);
      }
    };
  }

  /** Reads the model saved at {@code path} (a {@code write().save(path)} or a run's {@code model/}). */
  public static NeuralNetClassificationModel load(String path) {
    return read().load(path);
  }

  /** Sets a Param from saved metadata (the reader's access to {@code set} and {@code setDefault}). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void restore(org.apache.spark.ml.param.Param p, Object value, boolean isDefault) {
    if (isDefault) {
      setDefault(p, value);
    } else {
      set(p, value);
    }
  }

  /**
   * Spark's own (training summaries are not kept). Declared only because Java sees the two
   * Scala signatures it inherits, whose generic return types differ, as a clash.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public String toString() {
    return "NeuralNetClassificationModel: uid=" + uid() + ", spec=" + spec + ", numClasses=" + labels.length;
  }

}
