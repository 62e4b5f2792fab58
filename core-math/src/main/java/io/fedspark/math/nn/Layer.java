package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.SplittableRandom;

/**
 * One stage of a feed-forward network, computing on a batch: the input and output are matrices
 * with one example per row ({@code n x inputShape().size()} and {@code n x outputShape().size()},
 * images in NCHW order, see {@link Shape}).
 *
 * <p>A layer owns no parameters: its weights are the range
 * {@code [parameterOffset(), parameterOffset() + parameterCount())} of the model's one flat
 * parameter array, which is passed in on every call, and its gradient is the same range of a
 * gradient array laid out the same way.
 *
 * <p>Backward (backpropagation, Rumelhart, Hinton and Williams 1986): given the output, the
 * gradient {@code G = dL/dY} of a scalar loss with respect to the output, computes
 * {@code dL/dtheta} (written or accumulated into {@code grad}) and {@code dL/dX}. The layer may
 * rely on scratch state left by the {@code forward} call on the same input (pooling indices,
 * dropout masks, im2col buffers), so backward must follow the forward of the same batch.
 *
 * <p>Layers belong to one {@link Model} (they hold reusable scratch buffers) and are not
 * thread-safe; {@link Model#copy()} makes new ones.
 */
public sealed interface Layer
        permits PlacedLayer {

    /** Position in the model, 0-based from the input side. */
    int index();

    /** Shape of one example of the input. */
    Shape inputShape();

    /** Shape of one example of the output. */
    Shape outputShape();

    /** Index of this layer's first parameter in the model's flat array (where it would be, if it has none). */
    int parameterOffset();

    /** Number of parameters; 0 for parameter-free layers. */
    int parameterCount();

    /**
     * Fills this layer's parameter range from {@code random}; parameter-free layers do nothing.
     */
    default void initialize(float[] params, SplittableRandom random) {
    }

    /**
     * Computes {@code out} from {@code in}.
     *
     * @param in {@code n x inputShape().size()}
     * @param out {@code n x outputShape().size()}, overwritten; must not overlap {@code in}
     * @param params the model's flat parameter array
     * @param training true during a gradient computation (dropout is active), false for inference
     */
    void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training);

    /**
     * Backpropagates {@code outGrad = dL/dout} after a {@link #forward} of the same {@code in}.
     *
     * @param in the input of that forward call
     * @param out its output
     * @param outGrad {@code dL/dout}, same shape as {@code out} (not modified)
     * @param inGrad receives {@code dL/din} (same shape as {@code in}, overwritten), or null if not needed
     * @param params the model's flat parameter array
     * @param grad the gradient array laid out like {@code params}, receiving {@code dL/dtheta} in
     *             this layer's range; null to skip the parameter gradient
     * @param accumulate add to {@code grad} instead of overwriting this layer's range
     */
    void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                  float[] grad, boolean accumulate);

    /**
     * Adds, for each example {@code i} (row of {@code in}), the squared norm of this layer's part of
     * the per-example parameter gradient, {@code ||dL_i/dtheta_layer||^2}, to
     * {@code normsSquared[offset + i]}, where {@code outGrad} row i is {@code dL_i/dout_i}.
     * Parameter-free layers add nothing.
     */
    default void addExampleGradientNormsSquared(FloatMatrix in, FloatMatrix outGrad, float[] normsSquared,
                                                int offset) {
    }
}
