package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.List;

/**
 * Runs a model's layers over one chunk of rows: forward through layers {@code [0, upTo)} and
 * backward from a gradient on the output of layer {@code upTo - 1}. Owns the reusable buffers:
 * one output matrix per layer (kept from forward for backward) and two gradient buffers used in
 * turn ({@code dL/dout} of a layer is read from one while its {@code dL/din} is written to the
 * other). Buffers are grown, never shrunk, so a training step allocates nothing.
 *
 * <p>The chunk size is chosen so that these buffers stay within about {@value #ACTIVATION_BUDGET}
 * floats (at most {@link Model#CHUNK_ROWS} rows): 1024 rows for an MLP on MNIST, about 170 for
 * LeNet-5, whose first layers produce 4704 floats per example.
 */
final class Network {

    /** Floats of activation and gradient buffers per model (16 MiB). */
    static final int ACTIVATION_BUDGET = 1 << 22;

    private final List<Layer> layers;
    private final int chunkRows;
    private final int maxWidth;
    private final int firstParametric;
    private int capacity;
    private float[][] outputs;
    private float[] gradA;
    private float[] gradB;

    Network(List<Layer> layers) {
        this.layers = layers;
        long perRow = 0;
        int widest = layers.get(0).inputShape().size();
        int first = layers.size();
        for (Layer layer : layers) {
            perRow += layer.outputShape().size();
            widest = Math.max(widest, layer.outputShape().size());
            if (layer.parameterCount() > 0 && first == layers.size()) {
                first = layer.index();
            }
        }
        perRow += 2L * widest;
        this.maxWidth = widest;
        this.firstParametric = first;
        this.chunkRows = (int) Math.max(1, Math.min(Model.CHUNK_ROWS, ACTIVATION_BUDGET / perRow));
    }

    List<Layer> layers() {
        return layers;
    }

    /** Rows per forward/backward chunk. */
    int chunkRows() {
        return chunkRows;
    }

    private void ensure(int rows) {
        if (rows <= capacity) {
            return;
        }
        capacity = rows;
        outputs = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            outputs[l] = new float[rows * layers.get(l).outputShape().size()];
        }
        gradA = new float[rows * maxWidth];
        gradB = new float[rows * maxWidth];
    }

    /** Output of layer {@code l} from the last forward, {@code rows x size}. */
    private FloatMatrix output(int l, int rows) {
        return FloatMatrix.wrap(outputs[l], 0, rows, layers.get(l).outputShape().size());
    }

    /**
     * Runs layers {@code [0, upTo)} on {@code x} (at most {@link #chunkRows()} rows); returns the
     * output of layer {@code upTo - 1} (a buffer view, valid until the next call), or {@code x}
     * itself if {@code upTo} is 0.
     */
    FloatMatrix forward(FloatMatrix x, float[] params, int upTo, boolean training) {
        int rows = x.nrow();
        ensure(rows);
        FloatMatrix in = x;
        for (int l = 0; l < upTo; l++) {
            FloatMatrix out = output(l, rows);
            layers.get(l).forward(in, out, params, training);
            in = out;
        }
        return in;
    }

    /** A buffer for {@code dL/d(output of layer upTo - 1)}, to be filled and passed to {@link #backward}. */
    FloatMatrix topGradient(int upTo, int rows) {
        ensure(rows);
        return FloatMatrix.wrap(gradA, 0, rows, layers.get(upTo - 1).outputShape().size());
    }

    /**
     * Backpropagates {@code topGrad = dL/d(output of layer upTo - 1)} after {@link #forward} of the
     * same {@code x} and {@code upTo}.
     *
     * @param grad receives the parameter gradient of layers {@code [0, upTo)} (written, or added
     *             if {@code accumulate}); null to skip it
     * @param inputGrad receives {@code dL/dx}, or null
     * @param normsSquared if not null, each parametric layer adds its part of the per-example
     *                     squared gradient norms at {@code normOffset + i} ({@code topGrad} row i
     *                     must then be {@code dl_i/d(output)})
     */
    void backward(FloatMatrix x, int upTo, FloatMatrix topGrad, float[] params, float[] grad, boolean accumulate,
                  FloatMatrix inputGrad, float[] normsSquared, int normOffset) {
        int rows = x.nrow();
        ensure(rows);
        int lowest = inputGrad != null ? 0 : firstParametric;
        FloatMatrix g = topGrad;
        for (int l = upTo - 1; l >= lowest; l--) {
            Layer layer = layers.get(l);
            FloatMatrix in = l == 0 ? x : output(l - 1, rows);
            FloatMatrix inGrad;
            if (l == 0) {
                inGrad = inputGrad;
            } else if (l > lowest) {
                inGrad = FloatMatrix.wrap(g.data() == gradA ? gradB : gradA, 0, rows, in.ncol());
            } else {
                inGrad = null;
            }
            if (normsSquared != null) {
                layer.addExampleGradientNormsSquared(in, g, normsSquared, normOffset);
            }
            layer.backward(in, output(l, rows), g, inGrad, params, grad, accumulate);
            g = inGrad;
        }
    }
}
