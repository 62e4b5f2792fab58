package io.fedspark.jobs.cli;

import io.fedspark.export.OnnxExport;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.math.Choice;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.ml.ModelDirectory;
import io.fedspark.ml.NeuralNetClassificationModel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedspark export MODEL --format onnx|dl4j OUT}: a saved model in a format other systems
 * load (docs/export.md): ONNX (opset 13, {@link OnnxExport}, labels and feature scale as metadata)
 * or a DL4J {@code ModelSerializer} zip ({@link Dl4jZipFormat}, Spark 3.5 build only). Runs in a plain JVM (no Spark);
 * MODEL and OUT are any Hadoop paths, OUT written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "write a saved model as ONNX (ONNX Runtime and other ONNX consumers) or as a DL4J zip",
    footer = "%nSee docs/export.md for the ONNX graph, its inputs and outputs, and the DL4J network.")
final class ExportCommand implements Callable<Integer> {
  /** The formats. */
  enum Format implements Choice {
    ONNX,
    DL4J
  }

  @Parameters(index = "0", paramLabel = "MODEL", description = "the saved model's directory (any Hadoop path)")
  String model;

  @Parameters(index = "1", paramLabel = "OUT", description = "the file to write (any Hadoop path)")
  String out;

  @Option(names = "--format", required = true, paramLabel = "onnx|dl4j", description = "onnx | dl4j")
  String format;

  @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Format f;
    try {
      f = Choice.parse(Format.class, format, "--format");
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    HadoopFiles files = new HadoopFiles(new Configuration());
    NeuralNetClassificationModel m = ModelDirectory.read(files.configuration(), model);
    ModelSpec spec = ModelSpec.parse(m.spec());
    float[] params = m.parameters();
    Path target = new Path(out);
    try {
      if (f == Format.ONNX) {
        var proto = OnnxExport.toModelProto(spec, params, List.of(m.labels()), m.getFeatureScale());
        files.write(target, proto::writeTo);
      } else {
        Dl4jZipFormat dl4j = dl4j();
        files.write(target, o -> dl4j.write(spec, params, o)); // atomic: a refused layer leaves no file
      }
    } catch (IllegalArgumentException e) { // UnsupportedModelException too: a model the format cannot hold
      throw new UserInputException(model + " (" + spec + "): " + e.getMessage());
    }
    long bytes = files.fileSystem(target).getFileStatus(target).getLen();
    System.out.printf(Locale.ROOT, "[export] %s (%s, %d classes) -> %s (%s, %d bytes)%n", model, spec,
        m.numClasses(), target, f.configName(), bytes);
    if (m.getFeatureScale() != 1.0) {
      System.out.printf(Locale.ROOT, "[export] the model multiplies every feature by %s first (the training's"
          + " data.source.feature-scale): scale the inputs of the exported model the same way%n", m.getFeatureScale());
    }
    return 0;
  }

  /** The DL4J format of this build, or a usage error naming the build that has it. */
  private static Dl4jZipFormat dl4j() {
    return Dl4jZipFormat.inThisBuild().orElseThrow(() -> new UserInputException("--format = dl4j is available in the"
        + " Spark 3.5 build only (this is the Spark " + BuildInfo.sparkLine() + " build: " + BuildInfo.sparkBuild()
        + "); expected onnx here, or use the Spark 3.5 build (the default: mvn package without -Pspark4)"));
  }
}
