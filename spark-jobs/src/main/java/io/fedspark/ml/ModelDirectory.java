package io.fedspark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedspark.math.io.ModelFile;
import io.fedspark.math.io.SavedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.math.nn.ModelSpec;

/**
 * The on-disk layout of a saved {@link NeuralNetClassificationModel}, on any Hadoop file system:
 *
 * <pre>
 * MODEL/
 *   metadata/part-00000    one line of JSON: Spark ML's stage metadata (class, uid, timestamp,
 *                          sparkVersion, paramMap, defaultParamMap, as DefaultParamsWriter writes
 *                          it, so PipelineModel.load finds the class) and a "fedspark" block:
 *                          format (1), spec, labels (one per class index), numClasses
 *   data/parameters.fsm    the spec and the float32 parameters in core-math's model file
 *                          (io.fedspark.math.io.ModelFile, version 1: little-endian, CRC32-checked)
 *   data/provenance.json   how the model was trained: configuration, seed, versions, data
 * </pre>
 *
 * <p>The directory is written under a temporary sibling name and renamed into place, so a crash
 * never leaves a directory that looks complete; an existing target is refused (Spark ML's
 * {@code write().overwrite()} removes it first). Reading checks the class, the format version and
 * the parameter file's checksum, and names the file and what was expected when one does not fit.
 */
public final class ModelDirectory {
  /** The format version this build writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** Spark ML's stage metadata. */
  public static final String METADATA = "metadata/part-00000";
  /** The parameters (core-math model file). */
  public static final String PARAMETERS = "data/parameters.fsm";
  /** How it was trained. */
  public static final String PROVENANCE = "data/provenance.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelDirectory() {}

  /** Writes {@code model} to the new directory {@code dir}. */
  public static void write(Configuration hadoop, String dir, NeuralNetClassificationModel model) {
    Path target = new Path(dir);
    FileSystem fs = new HadoopFiles(hadoop).fileSystem(target);
    Path tmp = new Path(target.getParent(), "._" + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if (fs.exists(target)) {
        throw new IOException(target + " already exists");
      }
      fs.mkdirs(tmp);
      write(fs, new Path(tmp, METADATA), out -> out.write((metadata(model) + "\n").getBytes(StandardCharsets.UTF_8)));
      write(fs, new Path(tmp, PARAMETERS), out -> ModelFile.write(out, ModelSpec.parse(model.spec()),
          model.parameters(), null));
      write(fs, new Path(tmp, PROVENANCE), out -> out.write(model.provenance().getBytes(StandardCharsets.UTF_8)));
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, true);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
      throw new UncheckedIOException("writing the model " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** The directory of a run's model: {@code <run dir>/model}. */
  public static final String RUN_MODEL = "model";

  /**
   * Writes the model a {@code train} or {@code federate} run trained to {@code <run dir>/model}: its
   * Params say how the run read its table ({@code featuresCol} when the features are one column,
   * {@code labelCol}, {@code featureScale}).
   *
   * @param labels the table's label map (class index to label)
   * @param provenance the run's provenance JSON
   */
  public static void writeRunModel(RunDirectory dir, ModelSpec spec, float[] parameters, List<String> labels,
      DataSourceOptions src, String provenance) {
    NeuralNetClassificationModel model = new NeuralNetClassificationModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("nnModel"), spec, parameters, labels, provenance);
    if (src.features().size() == 1) {
      model.setFeaturesCol(src.features().get(0));
    }
    model.set(model.labelCol(), src.label());
    model.setFeatureScale(src.featureScale());
    write(dir.files().configuration(), dir.resolve(RUN_MODEL).toString(), model);
  }

  /** Reads the model saved in {@code dir}. */
  public static NeuralNetClassificationModel read(Configuration hadoop, String dir) {
    Path root = new Path(dir);
    FileSystem fs = new HadoopFiles(hadoop).fileSystem(root);
    try {
      Path meta = new Path(root, METADATA);
      Path params = new Path(root, PARAMETERS);
      if (!fs.exists(meta) || !fs.exists(params)) {
        throw new ModelDirectoryException("'" + dir + "' is not a saved fedspark model: expected " + METADATA + " and "
            + PARAMETERS + " in it (a model.write().save(path) or the model/ of a train or federate run)");
      }
      JsonNode m;
      try (InputStream in = fs.open(meta)) {
        m = JSON.readTree(in);
      }
      String cls = m.path("class").asText();
      if (!cls.equals(NeuralNetClassificationModel.class.getName())) {
        throw new ModelDirectoryException(meta + ": class " + cls + ", expected "
            + NeuralNetClassificationModel.class.getName());
      }
      JsonNode f = m.path("fedspark");
      if (f.path("format").asInt(-1) != FORMAT_VERSION) {
        throw new ModelDirectoryException(meta + ": fedspark model format " + f.path("format") + ", this build reads "
            + FORMAT_VERSION);
      }
      SavedModel saved;
      try (InputStream in = fs.open(params)) {
        saved = ModelFile.read(in, params.toString());
      } catch (io.fedspark.math.io.ModelFileException e) {
        throw new ModelDirectoryException(e.getMessage());
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        throw new ModelDirectoryException(params + " is corrupt (its Hadoop checksum file disagrees): "
            + e.getMessage());
      }
      List<String> labels = new ArrayList<>();
      f.path("labels").forEach(n -> labels.add(n.asText()));
      if (!saved.spec().toString().equals(f.path("spec").asText())) {
        throw new ModelDirectoryException(meta + " names the model " + f.path("spec").asText() + " but " + params
            + " holds " + saved.spec());
      }
      Path prov = new Path(root, PROVENANCE);
      String provenance = "{}";
      if (fs.exists(prov)) {
        try (InputStream in = fs.open(prov)) {
          provenance = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      NeuralNetClassificationModel model;
      try {
        model = new NeuralNetClassificationModel(m.path("uid").asText(), saved.spec(), saved.parameters(), labels,
            provenance);
      } catch (IllegalArgumentException e) {
        throw new ModelDirectoryException(meta + ": " + e.getMessage());
      }
      restore(model, m.path("defaultParamMap"), true, meta);
      restore(model, m.path("paramMap"), false, meta);
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the model " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** The metadata line of {@code model}. */
  static String metadata(NeuralNetClassificationModel model) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("class", NeuralNetClassificationModel.class.getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    root.put("uid", model.uid());
    ObjectNode set = root.putObject("paramMap");
    ObjectNode defaults = root.putObject("defaultParamMap");
    for (Param<?> p : model.params()) {
      if (model.isSet(p)) {
        set.set(p.name(), JSON.readTree(encode(p, model.getOrDefault(p))));
      } else if (model.hasDefault(p)) {
        defaults.set(p.name(), JSON.readTree(encode(p, model.getOrDefault(p))));
      }
    }
    ObjectNode f = root.putObject("fedspark");
    f.put("format", FORMAT_VERSION);
    f.put("spec", model.spec());
    f.put("numClasses", model.numClasses());
    ArrayNode labels = f.putArray("labels");
    for (String l : model.labels()) {
      labels.add(l);
    }
    return JSON.writeValueAsString(root);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String encode(Param p, Object value) {
    return p.jsonEncode(value);
  }

  private static void restore(NeuralNetClassificationModel model, JsonNode params, boolean defaults, Path meta)
      throws IOException {
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!model.hasParam(e.getKey())) {
        throw new ModelDirectoryException(meta + ": unknown Param '" + e.getKey() + "'; the model's Params are "
            + java.util.Arrays.stream(model.params()).map(Param::name).toList());
      }
      Param<?> p = model.getParam(e.getKey());
      model.restore(p, p.jsonDecode(JSON.writeValueAsString(e.getValue())), defaults);
    }
  }

  private static void write(FileSystem fs, Path file, HadoopFiles.Content body) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      body.writeTo(out);
    }
  }
}
