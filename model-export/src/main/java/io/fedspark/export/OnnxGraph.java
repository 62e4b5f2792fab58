package io.fedspark.export;

import com.google.protobuf.ByteString;
import io.fedspark.export.proto.Onnx.AttributeProto;
import io.fedspark.export.proto.Onnx.GraphProto;
import io.fedspark.export.proto.Onnx.NodeProto;
import io.fedspark.export.proto.Onnx.TensorProto;
import io.fedspark.export.proto.Onnx.TensorShapeProto;
import io.fedspark.export.proto.Onnx.TypeProto;
import io.fedspark.export.proto.Onnx.ValueInfoProto;
import io.fedspark.math.nn.Activation;
import io.fedspark.math.nn.ActivationLayer;
import io.fedspark.math.nn.Conv2DLayer;
import io.fedspark.math.nn.DenseLayer;
import io.fedspark.math.nn.DropoutLayer;
import io.fedspark.math.nn.FlattenLayer;
import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.MaxPool2DLayer;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.nn.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Translates a core-math model, layer by layer as {@link Model#layers()} lays it out, into an ONNX
 * graph with the same inference-mode function (ONNX operator semantics: the ONNX Operators
 * specification, default domain, opset {@value OnnxExport#OPSET_VERSION}):
 * <ul>
 *   <li>input {@code features} {@code [N, inputSize]}; convolutional models first
 *       {@code Reshape} it to {@code [N, C, H, W]} ({@link Shape}'s NCHW row order, so the same
 *       flat rows go in);</li>
 *   <li>{@link DenseLayer} {@code Y = X W + b}: {@code Gemm(X, W, b)} with {@code transB = 0}.
 *       The core stores {@code W} as an {@code in x out} row-major block, which is exactly
 *       {@code Gemm}'s {@code B} of shape {@code [K, N] = [in, out]}, so the weights are copied
 *       as they are;</li>
 *   <li>{@link Conv2DLayer}: {@code Conv} with {@code kernel_shape}, {@code strides} and
 *       symmetric {@code pads}. The core's {@code out x (in*k*k)} block in index order
 *       {@code [o][c][ky][kx]} is ONNX's {@code W} of shape {@code [M, C, kH, kW]} element for
 *       element; both compute cross-correlation;</li>
 *   <li>{@link MaxPool2DLayer}: {@code MaxPool} without padding and {@code ceil_mode = 0}
 *       (the core's {@code floor((H - k) / s) + 1});</li>
 *   <li>{@link ActivationLayer}: {@code Relu}, {@code Tanh} or {@code Sigmoid};</li>
 *   <li>{@link FlattenLayer}: {@code Flatten(axis = 1)}, which also keeps NCHW order;</li>
 *   <li>{@link DropoutLayer}: {@code Identity} (inverted dropout is the identity at inference);</li>
 *   <li>the last dense layer's output is {@code logits}, and {@code Softmax(axis = 1)} of it
 *       {@code probabilities}.</li>
 * </ul>
 * Weights go into float initializers ({@code raw_data}, little-endian, as the ONNX IR specifies).
 * A model with {@code loss=mse} is refused: it regresses, it has no class probabilities.
 */
final class OnnxGraph {

    private final ModelSpec spec;
    private final float[] params;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private String current = OnnxExport.INPUT;

    private OnnxGraph(ModelSpec spec, float[] params) {
        this.spec = spec;
        this.params = params;
    }

    /** The graph of {@code model}, named {@code name}. */
    static GraphProto of(Model model, String name) {
        OnnxGraph g = new OnnxGraph(model.spec(), model.parameters());
        g.graph.setName(name);
        g.translate(model.layers());
        return g.graph.build();
    }

    private void translate(List<Layer> layers) {
        graph.addInput(floatTensor(OnnxExport.INPUT, spec.inputSize()));
        if (spec.kind().convolutional()) {
            Shape s = spec.inputShape();
            String shape = "input_shape";
            graph.addInitializer(TensorProto.newBuilder().setName(shape).setDataType(TensorProto.DataType.INT64.getNumber())
                    .addDims(4).addInt64Data(-1).addInt64Data(s.channels()).addInt64Data(s.height())
                    .addInt64Data(s.width()));
            current = node("Reshape", "input_nchw", List.of(current, shape), List.of());
        }
        Layer last = layers.get(layers.size() - 1);
        for (Layer layer : layers) {
            if (layer instanceof DenseLayer d) {
                if (layer == last && spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
                    throw refuse(layer, "it is the output of a regression model (loss=" + spec.loss().specName()
                            + "); the ONNX export writes class logits and softmax probabilities, for loss=xent only");
                }
                dense(d, layer == last);
            } else if (layer instanceof Conv2DLayer c) {
                conv(c);
            } else if (layer instanceof MaxPool2DLayer p) {
                current = node("MaxPool", name(p, "maxpool"), List.of(current), List.of(
                        ints("kernel_shape", p.kernel(), p.kernel()), ints("strides", p.stride(), p.stride())));
            } else if (layer instanceof ActivationLayer a) {
                current = node(operator(a.activation()), name(a, a.activation().specName()), List.of(current), List.of());
            } else if (layer instanceof FlattenLayer f) {
                current = node("Flatten", name(f, "flatten"), List.of(current), List.of(AttributeProto.newBuilder()
                        .setName("axis").setType(AttributeProto.AttributeType.INT).setI(1).build()));
            } else if (layer instanceof DropoutLayer d) {
                current = node("Identity", name(d, "dropout"), List.of(current), List.of());
            } else {
                throw refuse(layer, "it has no ONNX translation in this exporter");
            }
        }
        if (!(last instanceof DenseLayer)) {
            throw refuse(last, "the exporter needs a dense layer last, whose output are the logits");
        }
        node("Softmax", OnnxExport.PROBABILITIES, List.of(current), List.of(AttributeProto.newBuilder()
                .setName("axis").setType(AttributeProto.AttributeType.INT).setI(1).build()));
        graph.addOutput(floatTensor(OnnxExport.LOGITS, spec.outputSize()));
        graph.addOutput(floatTensor(OnnxExport.PROBABILITIES, spec.outputSize()));
    }

    private void dense(DenseLayer d, boolean last) {
        String name = name(d, "dense");
        String w = initializer(name + ".W", d.weightOffset(), d.inputSize(), d.outputSize());
        String b = initializer(name + ".b", d.biasOffset(), d.outputSize());
        current = node("Gemm", last ? OnnxExport.LOGITS : name, List.of(current, w, b), List.of(AttributeProto
                .newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(0).build()));
    }

    private void conv(Conv2DLayer c) {
        String name = name(c, "conv");
        int k = c.kernel();
        String w = initializer(name + ".W", c.weightOffset(), c.outChannels(), c.inputShape().channels(), k, k);
        String b = initializer(name + ".b", c.biasOffset(), c.outChannels());
        int p = c.padding();
        current = node("Conv", name, List.of(current, w, b), List.of(ints("kernel_shape", k, k),
                ints("strides", c.stride(), c.stride()), ints("pads", p, p, p, p)));
    }

    private static String operator(Activation a) {
        return switch (a) {
            case RELU -> "Relu";
            case TANH -> "Tanh";
            case SIGMOID -> "Sigmoid";
        };
    }

    /** Node and tensor names: {@code l<index>_<what>}, e.g. {@code l3_conv}. */
    private static String name(Layer layer, String what) {
        return "l" + layer.index() + "_" + what;
    }

    /** Adds a node whose one output (and node name) is {@code output}; returns {@code output}. */
    private String node(String op, String output, List<String> inputs, List<AttributeProto> attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(attributes));
        return output;
    }

    /** A float initializer of the given dims holding {@code params[offset, offset + prod(dims))}, row-major. */
    private String initializer(String name, int offset, int... dims) {
        int count = 1;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (int d : dims) {
            t.addDims(d);
            count *= d;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(params, offset, count);
        graph.addInitializer(t.setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A float tensor {@code [N, width]} with a symbolic batch dimension. */
    private static ValueInfoProto floatTensor(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxExport.BATCH_DIMENSION))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private UnsupportedModelException refuse(Layer layer, String why) {
        return new UnsupportedModelException("model " + spec + ": layer " + layer.index() + " (" + layer
                + ") cannot be exported to ONNX: " + why);
    }
}
