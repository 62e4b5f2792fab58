package io.fedspark.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.export.proto.Onnx.ModelProto;
import io.fedspark.export.proto.Onnx.OperatorSetIdProto;
import io.fedspark.export.proto.Onnx.StringStringEntryProto;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Writes a core-math model (its {@link ModelSpec} and flat parameter array) as an ONNX model
 * (Open Neural Network Exchange, IR version {@value #IR_VERSION}, default-domain operator set
 * {@value #OPSET_VERSION}) that ONNX Runtime and other ONNX consumers load for inference.
 *
 * <p>The graph ({@link OnnxGraph} has the layer-by-layer translation):
 * <ul>
 *   <li>input {@value #INPUT}: float {@code [N, inputSize]}, {@code N} symbolic, one example
 *       per row exactly as fedspark reads it (images as flattened NCHW rows, e.g. 784 values in
 *       [0, 1] for MNIST);</li>
 *   <li>outputs {@value #LOGITS} (the last dense layer, float {@code [N, classes]}) and
 *       {@value #PROBABILITIES} ({@code Softmax} of the logits over the classes).</li>
 * </ul>
 * Covers logreg, MLP (ReLU, tanh, sigmoid; dropout as {@code Identity}), LeNet-5 and the small
 * CNN with {@code loss=xent}. Refused with an {@link UnsupportedModelException}: models with
 * {@code loss=mse} (no class probabilities), and models of more than about 2 GB of parameters
 * (one protobuf message cannot hold them; ONNX's external-data files are not written).
 *
 * <p>Metadata ({@code ModelProto.metadata_props}): {@value #SPEC_KEY} (the canonical spec
 * string, which {@link ModelSpec#parse} reads back) and, when labels are given,
 * {@value #LABELS_KEY} (a JSON array of the class names, index = class); producer name
 * {@value #PRODUCER}, producer version the fedspark version.
 *
 * <p>The same spec, parameters and labels give the same bytes.
 */
public final class OnnxExport {

    /** The ONNX default-domain operator set the graph is written against. */
    public static final int OPSET_VERSION = 13;
    /** The ONNX IR version of the file (7 is the IR of ONNX 1.8, the release of opset 13). */
    public static final long IR_VERSION = 7;
    /** Name of the graph input. */
    public static final String INPUT = "features";
    /** Name of the logits output. */
    public static final String LOGITS = "logits";
    /** Name of the softmax probabilities output. */
    public static final String PROBABILITIES = "probabilities";
    /** Name of the symbolic batch dimension of the input and outputs. */
    public static final String BATCH_DIMENSION = "N";
    /** {@code ModelProto.producer_name}. */
    public static final String PRODUCER = "fedspark";
    /** Metadata key of the spec string. */
    public static final String SPEC_KEY = "fedspark.spec";
    /** Metadata key of the label names, a JSON array of strings. */
    public static final String LABELS_KEY = "fedspark.labels";
    /**
     * Metadata key of the factor the saved model multiplies every feature by before the network
     * (the training's {@code data.source.feature-scale}); present only when it is not 1. The graph's
     * input is the scaled features.
     */
    public static final String FEATURE_SCALE_KEY = "fedspark.feature-scale";

    /**
     * The largest model written: 4 bytes per parameter must fit in one protobuf message (less
     * than 2 GiB), with room for the graph and metadata.
     */
    static final long MAX_PARAMETER_BYTES = Integer.MAX_VALUE - (1L << 24);

    private static final String VERSION = loadVersion();

    private OnnxExport() {
    }

    /**
     * Writes the ONNX model of {@code spec} with {@code parameters} to {@code out} (not closed).
     * The model is built in memory first, so nothing is written when it is refused.
     *
     * @param labels one name per class, index = class, stored as metadata; null for none
     * @throws UnsupportedModelException if the model cannot be exported (see the class comment)
     * @throws IllegalArgumentException if the parameters or labels do not fit the spec
     */
    public static void write(ModelSpec spec, float[] parameters, List<String> labels, OutputStream out)
            throws IOException {
        Objects.requireNonNull(out, "out");
        toModelProto(spec, parameters, labels).writeTo(out);
    }

    /** The ONNX model as a protobuf message ({@link #write} serializes it). */
    public static ModelProto toModelProto(ModelSpec spec, float[] parameters, List<String> labels) {
        return toModelProto(spec, parameters, labels, 1.0);
    }

    /**
     * The ONNX model of a saved fedspark model whose features are multiplied by {@code featureScale}
     * before the network: as {@link #toModelProto(ModelSpec, float[], List)}, with the scale in the
     * metadata ({@value #FEATURE_SCALE_KEY}) when it is not 1.
     */
    public static ModelProto toModelProto(ModelSpec spec, float[] parameters, List<String> labels,
            double featureScale) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(parameters, "parameters");
        long bytes = 4L * spec.parameterCount();
        if (bytes > MAX_PARAMETER_BYTES) {
            throw new UnsupportedModelException("model " + spec + " cannot be exported to ONNX: its "
                    + spec.parameterCount() + " parameters take " + String.format(Locale.ROOT, "%.2f", bytes / 1e9)
                    + " GB, more than the 2 GB one ONNX file without external data can hold");
        }
        String labelsJson = labels == null ? null : labelsJson(spec, labels);
        Model model = Model.fromParameters(spec, parameters, JavaBlas.instance());
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setProducerName(PRODUCER)
                .setProducerVersion(VERSION)
                .setDocString("fedspark model " + spec + ": input '" + INPUT + "' float[N, " + spec.inputSize()
                        + "], outputs '" + LOGITS + "' and '" + PROBABILITIES + "' (softmax) float[N, "
                        + spec.outputSize() + "]")
                .setGraph(OnnxGraph.of(model, "fedspark " + spec))
                .addMetadataProps(entry(SPEC_KEY, spec.toString()));
        if (labelsJson != null) {
            m.addMetadataProps(entry(LABELS_KEY, labelsJson));
        }
        if (featureScale != 1.0) {
            m.addMetadataProps(entry(FEATURE_SCALE_KEY, Double.toString(featureScale)));
        }
        return m.build();
    }

    private static String labelsJson(ModelSpec spec, List<String> labels) {
        if (labels.size() != spec.outputSize()) {
            throw new IllegalArgumentException("labels: " + labels.size() + " given for model " + spec + " with "
                    + spec.outputSize() + " classes; expected one label per class");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null) {
                throw new IllegalArgumentException("labels: the label of class " + i + " is null");
            }
        }
        try {
            return new ObjectMapper().writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels: a list of strings did not serialize to JSON", e);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** The fedspark version, from the resource the build fills in. */
    static String version() {
        return VERSION;
    }

    private static String loadVersion() {
        String resource = "version.properties";
        try (InputStream in = OnnxExport.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource io/fedspark/export/" + resource + " is missing from the jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading io/fedspark/export/" + resource, e);
        }
    }
}
