package io.fedspark.math.optim;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Adam update shared by {@link Adam} and {@link AdamW}, which differ only in where weight
 * decay enters. Follows PyTorch's single-tensor implementation ({@code torch.optim.adam},
 * non-capturable, no amsgrad): bias corrections and the step size in double, the per-element
 * arithmetic in float. Agreement with PyTorch is to rounding, not bit for bit: PyTorch updates m
 * with {@code lerp} and its vectorised kernels may fuse multiply-adds.
 */
abstract class AdaptiveMoments extends ScheduledOptimizer {

    static final String FIRST_MOMENT = "firstMoment";
    static final String SECOND_MOMENT = "secondMoment";

    private final AdamOptions options;
    private final boolean decoupled;
    private float[] m;
    private float[] v;

    AdaptiveMoments(AdamOptions options, LearningRateSchedule schedule, boolean decoupled) {
        super(Objects.requireNonNull(options, "options").learningRate(), schedule);
        this.options = options;
        this.decoupled = decoupled;
    }

    /** The settings. */
    public final AdamOptions options() {
        return options;
    }

    @Override
    public final void step(float[] params, float[] grad) {
        checkStep(params, grad);
        final int n = params.length;
        m = stateFor(m, FIRST_MOMENT, n);
        v = stateFor(v, SECOND_MOMENT, n);
        final float[] mm = m;
        final float[] vv = v;
        final double lr = scheduledRate();
        final long t = stepCount() + 1;
        // Scalars as PyTorch: bias corrections and step size in double, kernel constants rounded to float.
        final float b1 = (float) options.beta1();
        final float b2 = (float) options.beta2();
        final float oneMinusB1 = (float) (1 - options.beta1());
        final float oneMinusB2 = (float) (1 - options.beta2());
        final float eps = (float) options.epsilon();
        final double bias1 = 1 - Math.pow(options.beta1(), t);
        final double bias2 = 1 - Math.pow(options.beta2(), t);
        final float stepSize = (float) (lr / bias1);
        final float bias2Sqrt = (float) Math.sqrt(bias2);
        final float wd = (float) options.weightDecay();
        final boolean l2 = !decoupled && wd != 0f;
        final float shrink = decoupled ? (float) (1 - lr * options.weightDecay()) : 1f;
        for (int i = 0; i < n; i++) {
            float g = l2 ? grad[i] + wd * params[i] : grad[i];
            float p = decoupled ? params[i] * shrink : params[i];
            float mi = b1 * mm[i] + oneMinusB1 * g;
            float vi = b2 * vv[i] + oneMinusB2 * g * g;
            mm[i] = mi;
            vv[i] = vi;
            float denom = (float) Math.sqrt(vi) / bias2Sqrt + eps;
            params[i] = p - stepSize * mi / denom;
        }
        advance();
    }

    @Override
    final Map<String, Double> hyperparameters() {
        return options.hyperparameters();
    }

    @Override
    final Map<String, float[]> stateArrays() {
        return m == null ? Map.of() : Map.of(FIRST_MOMENT, m.clone(), SECOND_MOMENT, v.clone());
    }

    @Override
    final Set<String> arrayNames() {
        return Set.of(FIRST_MOMENT, SECOND_MOMENT);
    }

    @Override
    final void setStateArrays(Map<String, float[]> arrays) {
        float[] first = arrays.get(FIRST_MOMENT);
        float[] second = arrays.get(SECOND_MOMENT);
        m = first == null ? null : first.clone();
        v = second == null ? null : second.clone();
    }
}
