package io.fedspark.math.nn;

import io.fedspark.math.blas.Blas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a {@link ModelSpec} into its sequence of {@link Layer}s, assigning each parametric layer
 * its range of the flat parameter array in order from the input side (weights, then bias, layer
 * after layer). The ready-made architectures:
 * <ul>
 *   <li>logreg: dense(classes);</li>
 *   <li>mlp: [dense(h) act (dropout)] per hidden width, dense(out);</li>
 *   <li>lenet5 / cnn-small: conv(6, 5x5, pad 2 / 0) act maxpool(2) conv(16, 5x5) act maxpool(2)
 *       flatten [dense(120) act (dropout)] [dense(84) act (dropout)] dense(out).</li>
 * </ul>
 * A dense or conv layer followed by ReLU gets He-normal weights, any other Glorot-uniform.
 */
final class Architecture {

    private final ModelKind kind;
    private final Shape inputShape;
    private final List<Integer> hiddenWidths;
    private final int outputSize;
    private final Activation activation;
    private final float dropout;
    private final Blas blas;
    private final List<Layer> layers = new ArrayList<>();
    private Shape shape;
    private long offset;

    private Architecture(ModelKind kind, Shape inputShape, List<Integer> hiddenWidths, int outputSize,
                         Activation activation, float dropout, Blas blas) {
        this.kind = kind;
        this.inputShape = inputShape;
        this.hiddenWidths = hiddenWidths;
        this.outputSize = outputSize;
        this.activation = activation;
        this.dropout = dropout;
        this.blas = blas;
        this.shape = inputShape;
    }

    /** The layers of {@code spec}, computing with {@code blas}. */
    static List<Layer> layers(ModelSpec spec, Blas blas) {
        return layers(spec.kind(), spec.inputShape(), spec.hiddenWidths(), spec.outputSize(), spec.activation(),
                spec.dropout(), blas);
    }

    /**
     * The layers of a spec given by its components (so that {@link ModelSpec} can validate itself
     * with it); with a null {@code blas} they can describe but not compute.
     *
     * @throws IllegalArgumentException if the input is too small for the architecture or the model
     *                                  has more parameters than one array can hold
     */
    static List<Layer> layers(ModelKind kind, Shape inputShape, List<Integer> hiddenWidths, int outputSize,
                              Activation activation, float dropout, Blas blas) {
        Architecture a = new Architecture(kind, inputShape, hiddenWidths, outputSize, activation, dropout, blas);
        a.build();
        return Collections.unmodifiableList(a.layers);
    }

    private void build() {
        if (kind.convolutional()) {
            int firstPadding = kind == ModelKind.LENET5 ? 2 : 0;
            conv(6, 5, firstPadding);
            activation();
            maxPool(2);
            conv(16, 5, 0);
            activation();
            maxPool(2);
            layers.add(new FlattenLayer(layers.size(), shape, (int) offset));
            shape = Shape.flat(shape.size());
        }
        for (int width : hiddenWidths) {
            dense(width, activation == Activation.RELU);
            activation();
            if (dropout > 0f) {
                layers.add(new DropoutLayer(layers.size(), shape, dropout, (int) offset));
            }
        }
        dense(outputSize, false);
    }

    private void conv(int filters, int kernel, int padding) {
        Conv2DLayer layer;
        try {
            layer = new Conv2DLayer(layers.size(), shape, filters, kernel, 1, padding, (int) offset,
                    activation == Activation.RELU ? WeightInit.HE_NORMAL : WeightInit.GLOROT_UNIFORM, blas);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input " + inputShape + " is too small: " + e.getMessage(), e);
        }
        add(layer, (long) filters * shape.channels() * kernel * kernel + filters);
    }

    private void maxPool(int kernel) {
        MaxPool2DLayer layer;
        try {
            layer = new MaxPool2DLayer(layers.size(), shape, kernel, kernel, (int) offset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input " + inputShape + " is too small: " + e.getMessage(), e);
        }
        add(layer, 0);
    }

    private void activation() {
        add(new ActivationLayer(layers.size(), shape, activation, (int) offset), 0);
    }

    private void dense(int width, boolean beforeRelu) {
        long count = (long) shape.size() * width + width;
        checkFits(count);
        add(new DenseLayer(layers.size(), shape.size(), width, (int) offset,
                beforeRelu ? WeightInit.HE_NORMAL : WeightInit.GLOROT_UNIFORM, blas), count);
    }

    private void checkFits(long more) {
        if (offset + more > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("has " + totalIfContinued(more)
                    + " parameters, more than one Java array can hold");
        }
    }

    /** The full parameter count, for the error message, counted in long arithmetic. */
    private long totalIfContinued(long more) {
        if (kind.convolutional()) {
            return offset + more;
        }
        long total = 0;
        int in = inputShape.size();
        List<Integer> outs = new ArrayList<>(hiddenWidths);
        outs.add(outputSize);
        for (int out : outs) {
            total += (long) in * out + out;
            in = out;
        }
        return total;
    }

    private void add(Layer layer, long parameters) {
        checkFits(parameters);
        layers.add(layer);
        offset += parameters;
        shape = layer.outputShape();
    }
}
