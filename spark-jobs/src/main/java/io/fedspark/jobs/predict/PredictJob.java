package io.fedspark.jobs.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobOutcome;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.data.BadDataException;
import io.fedspark.jobs.data.BadRows;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TableLoader;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.ml.ClassScores;
import io.fedspark.ml.ModelDirectory;
import io.fedspark.ml.NeuralNetClassificationModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code fedspark predict MODEL DATA}: scores a table of the data plane ({@code data.source.*}
 * give its format, reader options and columns; DATA is its path) with a saved model, on the
 * executors, and writes into the run directory
 *
 * <ul>
 *   <li>{@code predictions/}: Parquet, every column of the table plus {@code rawPrediction},
 *       {@code probability}, {@code prediction} (the class index) and {@code predictedLabel} (its
 *       label in the model's label map);
 *   <li>when the table has the label column ({@code data.source.label}): {@code metrics.json}
 *       (rows, accuracy, mean cross-entropy, per class precision, recall, F1 and support),
 *       {@code per-class.csv} and {@code confusion-matrix.csv};
 *   <li>{@code provenance.json}.
 * </ul>
 *
 * <p>The features (one vector or array column, or several numeric columns, assembled in the
 * order given) are multiplied by the model's {@code featureScale} (the training's
 * {@code data.source.feature-scale}) unless {@code data.source.feature-scale} is set to another
 * value than 1. Rows whose features cannot be scored and labels the model does not know follow
 * {@code data.bad-rows}: {@code fail} stops before anything is written, naming the first one;
 * {@code skip} leaves them out (of the predictions, and of the metrics) and counts them.
 */
public final class PredictJob {
  /** The outputs' directory of predictions. */
  public static final String PREDICTIONS = "predictions";
  private static final String PROBLEM = "_fedspark_problem";
  private static final String FILE = "_fedspark_input_file";
  private static final String ASSEMBLED = "_fedspark_features";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PredictJob() {}

  /**
   * What a run did.
   *
   * @param rows the table's rows
   * @param predicted rows with predictions
   * @param evaluated rows counted in the metrics (0 without labels)
   * @param accuracy accuracy over the evaluated rows (NaN without)
   * @param loss their mean cross-entropy (NaN without)
   */
  public record Result(RunDirectory runDir, long rows, long predicted, long evaluated, double accuracy, double loss)
      implements JobOutcome {}

  /** Scores the table of {@code data.source.path} with the model saved at {@code modelPath}. */
  public static Result run(JobContext ctx, String modelPath) {
    JobRun job = JobRun.start(ctx, null);
    NeuralNetClassificationModel saved = ModelDirectory.read(job.files().configuration(), modelPath);
    DataSourceOptions src = DataSourceOptions.from(job.config());
    Dataset<Row> table = TableLoader.readColumns(job, src);
    List<String> columns = List.of(table.columns());
    String featuresCol = features(table, src, columns);
    if (!featuresCol.equals(src.features().get(0))) {
      table = assemble(table, src);
    }
    boolean labelled = columns.contains(src.label());
    double scale = src.featureScale() != DataSourceOptions.FEATURE_SCALE.defaultValue() ? src.featureScale()
        : saved.getFeatureScale();
    NeuralNetClassificationModel model = saved.copy(new ParamMap()).setFeaturesCol(featuresCol).setFeatureScale(scale)
        .setRawPredictionCol("rawPrediction").setProbabilityCol("probability").setPredictionCol("prediction");
    model.clear(model.thresholds());
    Dataset<Row> scored;
    try {
      scored = model.transformLeniently(table.withColumn(FILE, functions.input_file_name()), PROBLEM, job.math());
    } catch (IllegalArgumentException e) { // an output column the table has already, a features column of another type
      throw new InvalidConfigException(DataSourceOptions.PATH.key() + " = '" + src.path() + "': " + e.getMessage());
    }
    System.out.printf(Locale.ROOT, "[predict] %s (%s, %d classes) on %s%n", modelPath, model.spec(), model.numClasses(),
        src.path());
    scored = scored.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      PredictionMetrics m = measure(scored, labelled ? src.label() : null, model);
      long rows = scored.count();
      check(m, src, labelled, model);
      RunDirectory dir = job.runDir();
      long predicted = writePredictions(job, scored, model, featuresCol.equals(ASSEMBLED));
      ConfusionAccumulator c = m.confusion;
      long evaluated = c.total();
      double accuracy = evaluated > 0 ? c.accuracy() : Double.NaN;
      double loss = evaluated > 0 ? c.meanLoss() : Double.NaN;
      if (labelled) {
        writeMetrics(dir, model, modelPath, src, rows, m);
      }
      job.provenance().result("model", modelPath).result("spec", model.spec()).result("rows", rows)
          .result("predicted", predicted).result("badRows", m.badRows).result("featureScale", scale);
      if (labelled) {
        job.provenance().result("evaluated", evaluated).result("accuracy", accuracy).result("loss", loss)
            .result("unknownLabels", m.unknownLabels);
      }
      job.provenance().writeTo(dir);
      System.out.printf(Locale.ROOT, "[predict] %d of %d rows predicted%s; results in %s%n", predicted, rows,
          labelled && evaluated > 0 ? String.format(Locale.ROOT, ", accuracy %.2f%%, loss %.4f on %d labelled rows",
              100 * accuracy, loss, evaluated) : labelled ? "" : " (no label column '" + src.label() + "': no metrics)",
          dir);
      return new Result(dir, rows, predicted, evaluated, accuracy, loss);
    } finally {
      scored.unpersist(false);
    }
  }

  /** The column the model reads: the one features column, or the assembled columns. */
  private static String features(Dataset<Row> table, DataSourceOptions src, List<String> columns) {
    for (String f : src.features()) {
      if (!columns.contains(f)) {
        throw new InvalidConfigException(DataSourceOptions.FEATURES.key() + " = " + src.features() + ": " + src.path()
            + " has no column '" + f + "'; its columns are " + columns);
      }
    }
    return src.features().size() == 1 ? src.features().get(0) : ASSEMBLED;
  }

  /** The numeric feature columns as one vector (a null becomes NaN: a bad row). */
  private static Dataset<Row> assemble(Dataset<Row> table, DataSourceOptions src) {
    try {
      return new VectorAssembler().setInputCols(src.features().toArray(new String[0])).setOutputCol(ASSEMBLED)
          .setHandleInvalid("keep").transform(table);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(DataSourceOptions.FEATURES.key() + " = " + src.features() + ": expected numeric"
          + " columns (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** One pass over the scored rows on the executors: bad rows, unknown labels and the confusion matrix. */
  private static PredictionMetrics measure(Dataset<Row> scored, String labelCol, NeuralNetClassificationModel model) {
    int classes = model.numClasses();
    LabelLookup lookup = new LabelLookup(model.labels());
    List<Column> cols = new ArrayList<>(List.of(functions.col("rawPrediction"), functions.col("prediction"),
        functions.col(PROBLEM), functions.col(FILE)));
    if (labelCol != null) {
      cols.add(functions.col(labelCol));
    }
    boolean labelled = labelCol != null;
    return scored.select(cols.toArray(new Column[0])).javaRDD().mapPartitions((Iterator<Row> it) -> {
      PredictionMetrics m = new PredictionMetrics(classes);
      while (it.hasNext()) {
        Row r = it.next();
        if (!r.isNullAt(2)) {
          m.badRows++;
          String d = r.getString(3) + ": " + r.getString(2);
          m.firstBad = m.firstBad == null || d.compareTo(m.firstBad) < 0 ? d : m.firstBad;
          continue;
        }
        if (!labelled) {
          continue;
        }
        Object label = r.get(4);
        int y = label == null ? -1 : lookup.classOf(label);
        if (y < 0) {
          m.unknownLabels++;
          String d = r.getString(3) + ": label "
              + (label instanceof String ? "'" + label + "'" : String.valueOf(label));
          m.firstUnknown = m.firstUnknown == null || d.compareTo(m.firstUnknown) < 0 ? d : m.firstUnknown;
          continue;
        }
        double[] raw = ((Vector) r.get(0)).toArray();
        m.confusion.add(y, (int) r.getDouble(1), ClassScores.crossEntropy(raw, y));
      }
      return List.of(m).iterator();
    }).treeAggregate(new PredictionMetrics(classes), PredictionMetrics::merge, PredictionMetrics::merge, 2);
  }

  /** Under {@code data.bad-rows = fail}: no bad row and no unknown label, else the first one named. */
  private static void check(PredictionMetrics m, DataSourceOptions src, boolean labelled,
      NeuralNetClassificationModel model) {
    if (src.badRows() != BadRows.FAIL) {
      return;
    }
    if (m.badRows > 0) {
      throw new BadDataException(m.firstBad + " (" + m.badRows + " row" + (m.badRows == 1 ? "" : "s")
          + " without usable features in " + src.path() + "; " + DataSourceOptions.BAD_ROWS.key()
          + " = skip leaves them out)");
    }
    if (labelled && m.unknownLabels > 0) {
      throw new BadDataException(DataSourceOptions.LABEL.key() + " = '" + src.label() + "': " + m.firstUnknown
          + " is not one of the model's labels " + List.of(model.labels()) + " (" + m.unknownLabels + " row"
          + (m.unknownLabels == 1 ? "" : "s") + "; " + DataSourceOptions.BAD_ROWS.key()
          + " = skip leaves them out of the metrics)");
    }
  }

  /** Writes the scored rows (not the bad ones) under a temporary name, then renames it; returns their count. */
  private static long writePredictions(JobRun job, Dataset<Row> scored, NeuralNetClassificationModel model,
      boolean assembled) {
    Column[] labels = java.util.Arrays.stream(model.labels()).map(functions::lit).toArray(Column[]::new);
    Dataset<Row> out = scored.where(functions.col(PROBLEM).isNull()).drop(PROBLEM, FILE)
        .withColumn("predictedLabel", functions.element_at(functions.array(labels),
            functions.col("prediction").cast("int").plus(1)));
    if (assembled) {
      out = out.drop(ASSEMBLED);
    }
    RunDirectory dir = job.runDir();
    Path target = dir.resolve(PREDICTIONS);
    Path tmp = dir.resolve("._" + PREDICTIONS + "." + UUID.randomUUID() + ".tmp");
    out.write().parquet(tmp.toString());
    FileSystem fs = job.files().fileSystem(target);
    try {
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    }
    return job.spark().read().parquet(target.toString()).count();
  }

  private static void writeMetrics(RunDirectory dir, NeuralNetClassificationModel model, String modelPath,
      DataSourceOptions src, long rows, PredictionMetrics m) {
    ConfusionAccumulator c = m.confusion;
    String[] labels = model.labels();
    ObjectNode root = JSON.createObjectNode();
    root.put("model", modelPath);
    root.put("spec", model.spec());
    root.put("data", src.path());
    root.put("rows", rows);
    root.put("badRows", m.badRows);
    root.put("unknownLabels", m.unknownLabels);
    root.put("evaluated", c.total());
    if (c.total() > 0) {
      root.put("accuracy", c.accuracy());
      root.put("loss", c.meanLoss());
    }
    ArrayNode perClass = root.putArray("perClass");
    StringBuilder csv = new StringBuilder("class,label,precision,recall,f1,support\n");
    for (int k = 0; k < labels.length; k++) {
      long support = 0;
      for (int p = 0; p < labels.length; p++) {
        support += c.count(k, p);
      }
      ObjectNode n = perClass.addObject();
      n.put("class", k);
      n.put("label", labels[k]);
      n.put("precision", c.precision(k));
      n.put("recall", c.recall(k));
      n.put("f1", c.f1(k));
      n.put("support", support);
      csv.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f,%.6f,%d%n", k, io.fedspark.jobs.io.Csv.field(labels[k]),
          c.precision(k), c.recall(k), c.f1(k), support));
    }
    try {
      dir.writeString("metrics.json", JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dir.writeString("per-class.csv", csv.toString());
    dir.writeString("confusion-matrix.csv", c.matrixCsv());
  }
}
