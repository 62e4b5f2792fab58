package io.fedspark.ml;

import com.typesafe.config.ConfigUtil;
import io.fedspark.federated.config.Setting;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TableLoader;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.Choice;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * What fedspark's two Spark ML estimators share: their Params are configuration keys
 * ({@link SettingParams}: every key under the job's prefix that applies to a fit, plus
 * {@code seed} = {@code run.seed}, {@code weightCol}, {@code idCol}, {@code featureScale} and
 * {@code badRows} = the {@code data.source} / {@code data.bad-rows} keys), with the shipped
 * defaults and their checks. {@link #fit} turns the Params into the job's configuration (the
 * shipped defaults with the Params as {@code --set} overrides, {@link #configuration()}), validates
 * the DataFrame through the data plane ({@link TableLoader#of}: the same column mapping, label
 * indexing and row checks as a table of the command line; every row trains) and hands the table
 * to the job's own training path, so a fit gives the model the command line gives on the same rows
 * with the same settings.
 *
 * <p>Labels may be numbers (class indices, kept as they are: {@code StringIndexer}'s output) or
 * strings (indexed in sorted order; the model's {@code labels()} and its prediction column's
 * metadata hold the names). Features are a vector or an array of numbers.
 *
 * @param <E> the concrete estimator
 */
public abstract class NetworkClassifier<E extends NetworkClassifier<E>>
    extends ProbabilisticClassifier<Vector, E, NeuralNetClassificationModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private String uid;
  private final SettingParams settings;

  /**
   * @param prefix the job's keys, e.g. {@code "train."}
   * @param applies which of them are Params
   * @param named further Params by name (after the common ones)
   */
  NetworkClassifier(StageUid.Pending pending, String prefix, Predicate<String> applies, Map<String, Setting<?>> named) {
    super();
    uid();
    Map<String, Setting<?>> all = new LinkedHashMap<>();
    all.put("seed", RunOptions.SEED);
    all.put("weightCol", DataSourceOptions.WEIGHT);
    all.put("idCol", DataSourceOptions.ID);
    all.put("featureScale", DataSourceOptions.FEATURE_SCALE);
    all.put("badRows", DataSourceOptions.BAD_ROWS);
    all.putAll(named);
    this.settings = new SettingParams(uid, prefix, applies, all);
    settings.setDefaults(this);
  }

  /** The prefix of this stage's uids. */
  abstract String uidPrefix();

  /** The key of the model spec ({@code train.model}, {@code federate.model}). */
  abstract Setting<ModelSpec> modelSetting();

  /** Whether the fit partitions by the client column (which must then be set). */
  abstract boolean needsClients(JobConfig config);

  /**
   * Trains on the validated {@code table} with the job's own path and returns the parameters;
   * adds what it learned about the run to {@code provenance}.
   */
  abstract float[] fit(JavaSparkContext jsc, JobConfig config, MathOptions math, long seed, TrainingTable table,
      Provenance provenance);

  @Override
  public final String uid() {
    if (uid == null) {
      uid = StageUid.take(uidPrefix());
    }
    return uid;
  }

  /** Every Param: Spark's and the configuration keys'. */
  @Override
  public Param<?>[] params() {
    return settings == null ? super.params()
        : ParamList.with(super.params(), settings.params().toArray(Param<?>[]::new));
  }

  /** The Param of configuration key {@code key} (e.g. {@code federate.curriculum.data-pacing}), for grids. */
  public Param<?> paramOf(String key) {
    SettingParam p = settings.byKey(key);
    if (p == null) {
      throw new IllegalArgumentException(key + " is not a Param of " + getClass().getSimpleName()
          + "; see explainParams() for the keys it has");
    }
    return p.param();
  }

  /**
   * Sets the Param of configuration key {@code key}: a number or boolean for numeric and boolean
   * keys, the configuration's text (or a choice constant) for the others; checked by the key.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public E setSetting(String key, Object value) {
    Param p = paramOf(key);
    Object v = value;
    if (v instanceof Choice c) {
      v = c.configName();
    } else if (p instanceof org.apache.spark.ml.param.IntParam && v instanceof Number n) {
      v = n.intValue();
    } else if (p instanceof DoubleParam && v instanceof Number n) {
      v = n.doubleValue();
    } else if (p instanceof LongParam && v instanceof Number n) {
      v = n.longValue();
    } else if (!(p instanceof org.apache.spark.ml.param.IntParam || p instanceof DoubleParam || p instanceof LongParam
        || p instanceof org.apache.spark.ml.param.BooleanParam)) {
      v = String.valueOf(v);
    }
    return (E) set(p, v);
  }

  /** A Param of this stage by name, typed. */
  @SuppressWarnings("unchecked")
  <P extends Param<?>> P param(String name) {
    return settings == null ? null : (P) settings.byName(name).param(); // null while Spark's constructor runs
  }

  @SuppressWarnings("unchecked")
  E setValue(String name, Object value) {
    return (E) set(this.<Param<Object>>param(name), value);
  }

  /** {@code seed} ({@code run.seed}): every random choice of the fit derives from it. */
  public LongParam seed() {
    return param("seed");
  }

  public long getSeed() {
    return (Long) getOrDefault(seed());
  }

  public E setSeed(long value) {
    return setValue("seed", value);
  }

  /** {@code weightCol} ({@code data.source.weight}): a per-example weight column; "" for unit weights. */
  public Param<String> weightCol() {
    return param("weightCol");
  }

  public String getWeightCol() {
    return getOrDefault(weightCol());
  }

  public E setWeightCol(String value) {
    return setValue("weightCol", value);
  }

  /** {@code idCol} ({@code data.source.id}): a stable row id (else a hash of the row's content keys the row). */
  public Param<String> idCol() {
    return param("idCol");
  }

  public E setIdCol(String value) {
    return setValue("idCol", value);
  }

  /** {@code featureScale} ({@code data.source.feature-scale}): multiplies every feature, in fit and transform. */
  public DoubleParam featureScale() {
    return param("featureScale");
  }

  public E setFeatureScale(double value) {
    return setValue("featureScale", value);
  }

  /** {@code badRows} ({@code data.bad-rows}): fail | skip. */
  public Param<String> badRows() {
    return param("badRows");
  }

  public E setBadRows(String value) {
    return setValue("badRows", value);
  }

  /** {@code model}: the network's spec, e.g. {@code mlp:784-200-10} (its outputs must cover the labels). */
  public Param<String> model() {
    return param("model");
  }

  public String getModel() {
    return getOrDefault(model());
  }

  public E setModel(String spec) {
    return setValue("model", spec);
  }

  /**
   * The configuration a fit runs with: the shipped defaults ({@code conf/defaults.conf}) with every
   * Param as an override of its key, and the columns as {@code data.source.features} and
   * {@code data.source.label}.
   */
  public JobConfig configuration() {
    List<String> sets = new ArrayList<>(settings.overrides(this));
    sets.add(DataSourceOptions.FEATURES.key() + "=[" + ConfigUtil.quoteString(getFeaturesCol()) + "]");
    sets.add(DataSourceOptions.LABEL.key() + "=" + ConfigUtil.quoteString(getLabelCol()));
    return ConfigLoader.withShippedDefaults().load(null, sets);
  }

  /**
   * Fits a model on every row of {@code dataset} (labels as numbers or strings, see the class
   * comment; Spark's {@code Predictor.fit} would cast string labels to numbers).
   */
  @Override
  public NeuralNetClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    NeuralNetClassificationModel model = train(dataset);
    model.setParent(this);
    return copyValues(model, new ParamMap());
  }

  @Override
  public NeuralNetClassificationModel train(Dataset<?> dataset) {
    JobConfig cfg = configuration();
    MathOptions math = MathOptions.from(cfg);
    MathRuntime.configure(math.backend(), math.blasThreads());
    long seed = cfg.get(RunOptions.SEED);
    ModelSpec spec = cfg.get(modelSetting());
    SparkSession spark = dataset.sparkSession();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainingTable table = TableLoader.of(dataset.toDF(), null, DataSourceOptions.from(cfg), seed, modelSetting().key(),
        spec, needsClients(cfg), false);
    Provenance provenance = new Provenance(getClass().getSimpleName() + ".fit", List.of(), cfg, seed)
        .spark(spark.version(), jsc.master());
    float[] parameters = fit(jsc, cfg, math, seed, table, provenance);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("trainRows", table.trainRows());
    data.put("labels", table.labelNames());
    data.put("skippedRows", table.skipped());
    provenance.result("dataSource", data);
    return new NeuralNetClassificationModel(uid(), spec, parameters, table.labelNames(), provenance.toJson());
  }

  /** Checks the columns (features: a vector or numeric array; label: a number or string) and adds the model's. */
  @Override
  public StructType transformSchema(StructType schema) {
    checkColumn(schema, "labelCol", getLabelCol(), true);
    if (!getWeightCol().isEmpty()) {
      checkColumn(schema, "weightCol", getWeightCol(), false);
    }
    return NeuralNetClassificationModel.outputSchema(schema, getFeaturesCol(), getRawPredictionCol(),
        getProbabilityCol(), getPredictionCol(), 0, null);
  }

  /** Fails unless {@code schema} has {@code col} holding a number (or a string when {@code strings}). */
  static void checkColumn(StructType schema, String param, String col, boolean strings) {
    if (!List.of(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException(param + " '" + col + "': no such column; the columns are "
          + List.of(schema.fieldNames()));
    }
    DataType t = schema.apply(col).dataType();
    if (!(t instanceof NumericType) && !(strings && t instanceof StringType)) {
      throw new IllegalArgumentException(param + " '" + col + "' is " + t.simpleString() + ", expected a number"
          + (strings ? " or a string" : ""));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public E copy(ParamMap extra) {
    return (E) defaultCopy(extra);
  }
}
