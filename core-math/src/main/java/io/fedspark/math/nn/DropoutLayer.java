package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al., "Dropout: a simple way to prevent neural networks from
 * overfitting", JMLR 15, 2014): in training, {@code Y = X .* M / (1 - p)} with
 * {@code M_ij ~ Bernoulli(1 - p)} drawn independently per element; at inference {@code Y = X}, so
 * no rescaling is needed after training. Backward: {@code dX = G .* M / (1 - p)}.
 *
 * <p>The mask is drawn, row by row and in row-major order, from the stream the model hands over
 * with {@link #beginTrainingPass(SplittableRandom)} for each gradient computation; the model
 * derives that stream from its training seed, the call count and the layer index, so masks are
 * reproducible ({@link Model#setTrainingSeed(long)}).
 */
public final class DropoutLayer extends ParameterFreeLayer {

    private final float rate;
    private SplittableRandom random;
    private float[] mask = new float[0];
    private boolean masked;

    DropoutLayer(int index, Shape shape, float rate, int parameterOffset) {
        super(index, shape, shape, parameterOffset);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate is " + rate + ", expected a number in [0, 1)");
        }
        this.rate = rate;
    }

    /** The probability {@code p} that an element is dropped in training. */
    public float rate() {
        return rate;
    }

    /** Sets the stream the masks of the next training-mode forward calls are drawn from. */
    void beginTrainingPass(SplittableRandom stream) {
        this.random = stream;
    }

    /** The scale factors ({@code 0} or {@code 1/(1-p)}) of the last training forward, row-major; for tests. */
    float[] mask() {
        return mask;
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        int n = in.size();
        masked = training && rate > 0f;
        if (!masked) {
            System.arraycopy(in.data(), in.offset(), out.data(), out.offset(), n);
            return;
        }
        if (random == null) {
            throw new IllegalStateException("dropout layer " + index() + ": no random stream for the training pass");
        }
        if (mask.length < n) {
            mask = new float[n];
        }
        float keep = 1f / (1f - rate);
        float[] x = in.data();
        float[] y = out.data();
        int xo = in.offset();
        int yo = out.offset();
        for (int i = 0; i < n; i++) {
            float m = random.nextFloat() < rate ? 0f : keep;
            mask[i] = m;
            y[yo + i] = x[xo + i] * m;
        }
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        if (inGrad == null) {
            return;
        }
        int n = outGrad.size();
        if (!masked) {
            System.arraycopy(outGrad.data(), outGrad.offset(), inGrad.data(), inGrad.offset(), n);
            return;
        }
        float[] g = outGrad.data();
        float[] d = inGrad.data();
        int go = outGrad.offset();
        int dof = inGrad.offset();
        for (int i = 0; i < n; i++) {
            d[dof + i] = g[go + i] * mask[i];
        }
    }

    @Override
    public String toString() {
        return "dropout p=" + rate + " " + inputShape();
    }
}
