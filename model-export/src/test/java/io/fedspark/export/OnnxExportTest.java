package io.fedspark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.export.proto.Onnx.ModelProto;
import io.fedspark.export.proto.Onnx.NodeProto;
import io.fedspark.export.proto.Onnx.StringStringEntryProto;
import io.fedspark.export.proto.Onnx.TensorProto;
import io.fedspark.export.proto.Onnx.TensorShapeProto;
import io.fedspark.export.proto.Onnx.ValueInfoProto;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.nn.Conv2DLayer;
import io.fedspark.math.nn.DenseLayer;
import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file's contract (names, shapes, operators, layout, metadata) and the refusals. */
class OnnxExportTest {

  private static byte[] export(ModelSpec spec, float[] params, List<String> labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OnnxExport.write(spec, params, labels, out);
    return out.toByteArray();
  }

  private static Model initialised(String spec) {
    return Model.create(ModelSpec.parse(spec), 5, JavaBlas.instance());
  }

  private static Map<String, String> metadata(ModelProto m) {
    Map<String, String> map = new LinkedHashMap<>();
    for (StringStringEntryProto e : m.getMetadataPropsList()) {
      assertTrue(map.put(e.getKey(), e.getValue()) == null, "duplicate metadata key " + e.getKey());
    }
    return map;
  }

  private static List<String> opTypes(ModelProto m) {
    return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
  }

  @Test
  void metadataRoundTripsThroughTheFileAndOnnxRuntime() throws Exception {
    Model model = initialised("mlp:20-8-10:act=tanh:dropout=0.5");
    List<String> labels = List.of("zero", "un, deux", "quote \" and backslash \\", "ünïcödé ✓", "", "two\nlines",
        "[\"not\", \"an array\"]", "tab\there", "8", "nine");
    byte[] bytes = export(model.spec(), model.parameters(), labels);

    ModelProto m = ModelProto.parseFrom(bytes);
    assertEquals("fedspark", m.getProducerName());
    assertTrue(OnnxExport.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
        "producer version is the filtered project version, got " + OnnxExport.version());
    assertEquals(OnnxExport.version(), m.getProducerVersion());
    Map<String, String> meta = metadata(m);
    assertEquals(List.of(OnnxExport.SPEC_KEY, OnnxExport.LABELS_KEY), List.copyOf(meta.keySet()));
    assertEquals(model.spec(), ModelSpec.parse(meta.get(OnnxExport.SPEC_KEY)), "spec read back");
    assertEquals(labels, new ObjectMapper().readValue(meta.get(OnnxExport.LABELS_KEY),
        new TypeReference<List<String>>() {}), "labels read back");

    try (OnnxRuntimeScorer ort = new OnnxRuntimeScorer(bytes)) {
      OnnxModelMetadata seen = ort.session().getMetadata();
      assertEquals("fedspark", seen.getProducerName());
      assertEquals(meta, seen.getCustomMetadata(), "ONNX Runtime sees the same metadata");
      assertEquals(m.getDocString(), seen.getDescription());
    }
  }

  @Test
  void withoutLabelsOnlyTheSpecIsStored() throws IOException {
    Model model = initialised("logreg:784-10");
    ModelProto m = ModelProto.parseFrom(export(model.spec(), model.parameters(), null));
    assertEquals(Map.of(OnnxExport.SPEC_KEY, "logreg:784-10"), metadata(m));
  }

  @Test
  void graphHasTheDocumentedInputsOutputsAndOperators() throws Exception {
    Model model = initialised("lenet5:1x28x28-10:dropout=0.5");
    byte[] bytes = export(model.spec(), model.parameters(), null);
    ModelProto m = ModelProto.parseFrom(bytes);
    assertEquals(OnnxExport.IR_VERSION, m.getIrVersion());
    assertEquals(1, m.getOpsetImportCount());
    assertEquals("", m.getOpsetImport(0).getDomain());
    assertEquals(13, m.getOpsetImport(0).getVersion());
    assertEquals(List.of("Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten",
        "Gemm", "Relu", "Identity", "Gemm", "Relu", "Identity", "Gemm", "Softmax"), opTypes(m));
    assertEquals(List.of("features"), m.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());
    assertEquals(List.of("logits", "probabilities"),
        m.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
    List<TensorShapeProto.Dimension> dims = m.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
    assertEquals("N", dims.get(0).getDimParam());
    assertEquals(784, dims.get(1).getDimValue());

    try (OnnxRuntimeScorer ort = new OnnxRuntimeScorer(bytes)) {
      TensorInfo in = (TensorInfo) ort.session().getInputInfo().get("features").getInfo();
      assertArrayEquals(new long[] {-1, 784}, in.getShape(), "ONNX Runtime: input shape, batch dynamic");
      for (String out : List.of("logits", "probabilities")) {
        TensorInfo info = (TensorInfo) ort.session().getOutputInfo().get(out).getInfo();
        assertArrayEquals(new long[] {-1, 10}, info.getShape(), "ONNX Runtime: shape of " + out);
      }
    }

    Model mlp = initialised("mlp:784-200-10:act=sigmoid");
    assertEquals(List.of("Gemm", "Sigmoid", "Gemm", "Softmax"),
        opTypes(ModelProto.parseFrom(export(mlp.spec(), mlp.parameters(), null))));
  }

  /**
   * Pins the layouts the class comment of {@link OnnxGraph} states: every conv and dense weight
   * and bias of the file at its ONNX index equals the core parameter the core's layout puts there.
   */
  @Test
  void initializersHoldEveryParameterAtItsOnnxIndex() throws IOException {
    Model model = initialised("cnn-small:3x32x32-10");
    float[] p = model.parameters();
    Map<String, TensorProto> init = new LinkedHashMap<>();
    ModelProto.parseFrom(export(model.spec(), p, null)).getGraph().getInitializerList()
        .forEach(t -> init.put(t.getName(), t));
    int compared = 0;
    for (Layer layer : model.layers()) {
      String name = "l" + layer.index() + "_";
      if (layer instanceof Conv2DLayer c) {
        int k = c.kernel();
        int ci = c.inputShape().channels();
        float[] w = floats(init.get(name + "conv.W"), c.outChannels(), ci, k, k);
        for (int o = 0; o < c.outChannels(); o++) {
          for (int ch = 0; ch < ci; ch++) {
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                // core: W[o][c][ky][kx] at weightOffset + o * (ci*k*k) + (c*k + ky)*k + kx
                assertEquals(p[c.weightOffset() + o * ci * k * k + (ch * k + ky) * k + kx],
                    w[((o * ci + ch) * k + ky) * k + kx], name + "W[" + o + "][" + ch + "][" + ky + "][" + kx + "]");
                compared++;
              }
            }
          }
        }
        compared += compareBias(p, c.biasOffset(), floats(init.get(name + "conv.b"), c.outChannels()));
      } else if (layer instanceof DenseLayer d) {
        float[] w = floats(init.get(name + "dense.W"), d.inputSize(), d.outputSize());
        for (int i = 0; i < d.inputSize(); i++) {
          for (int j = 0; j < d.outputSize(); j++) {
            // core: W is in x out row-major; ONNX Gemm's B is [K, N] = [in, out]
            assertEquals(p[d.weightOffset() + i * d.outputSize() + j], w[i * d.outputSize() + j],
                name + "W[" + i + "][" + j + "]");
            compared++;
          }
        }
        compared += compareBias(p, d.biasOffset(), floats(init.get(name + "dense.b"), d.outputSize()));
      }
    }
    assertEquals(p.length, compared, "every parameter was compared");
  }

  private static int compareBias(float[] p, int offset, float[] b) {
    for (int j = 0; j < b.length; j++) {
      assertEquals(p[offset + j], b[j], "bias " + j);
    }
    return b.length;
  }

  private static float[] floats(TensorProto t, long... dims) {
    assertTrue(t != null, "initializer missing");
    assertEquals(TensorProto.DataType.FLOAT.getNumber(), t.getDataType(), t.getName() + " type");
    assertEquals(java.util.Arrays.stream(dims).boxed().toList(), t.getDimsList(), t.getName() + " dims");
    float[] v = new float[t.getRawData().size() / 4];
    ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  @Test
  void sameModelGivesTheSameBytes() throws IOException {
    Model model = initialised("lenet5");
    List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertArrayEquals(export(model.spec(), model.parameters(), labels),
        export(model.spec(), model.parameters().clone(), List.copyOf(labels)));
  }

  @Test
  void regressionModelIsRefusedNamingTheLayerAndNothingIsWritten() {
    Model model = initialised("mlp:784-128-32:loss=mse");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> OnnxExport.write(model.spec(), model.parameters(), null, out));
    assertEquals("model mlp:784-128-32:loss=mse: layer 2 (dense 128->32 @100480) cannot be exported to ONNX:"
        + " it is the output of a regression model (loss=mse); the ONNX export writes class logits and softmax"
        + " probabilities, for loss=xent only", e.getMessage());
    assertEquals(0, out.size(), "nothing written");
  }

  @Test
  void modelTooLargeForOneProtobufIsRefusedBeforeItsParametersAreRead() {
    ModelSpec huge = ModelSpec.parse("mlp:100000-6000-10");
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
        () -> OnnxExport.write(huge, new float[0], null, new ByteArrayOutputStream()));
    assertEquals("model mlp:100000-6000-10 cannot be exported to ONNX: its 600066010 parameters take 2.40 GB, more"
        + " than the 2 GB one ONNX file without external data can hold", e.getMessage());
  }

  @Test
  void parametersAndLabelsMustFitTheSpec() {
    Model model = initialised("mlp:20-8-10");
    IllegalArgumentException params = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.write(model.spec(), new float[5], null, new ByteArrayOutputStream()));
    assertEquals("setParameters: got 5 floats but model mlp:20-8-10 has 258 parameters", params.getMessage());
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.write(model.spec(), model.parameters(), List.of("a", "b"), new ByteArrayOutputStream()));
    assertEquals("labels: 2 given for model mlp:20-8-10 with 10 classes; expected one label per class",
        labels.getMessage());
    assertFalse(labels instanceof UnsupportedModelException, "a caller error, not an unsupported model");
  }
}
