package io.fedspark.math.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with optional L2
 * weight decay added to the gradient, as PyTorch's {@code torch.optim.Adam} (the reference for
 * this update rule; amsgrad not supported). At step {@code t = 1, 2, ...}
 * ({@code t = stepCount() + 1}):
 *
 * <pre>
 *   lr = learningRate * schedule.factor(t - 1)
 *   g  = grad + weightDecay * p
 *   m  = beta1 * m + (1 - beta1) * g                   (m, v start at 0)
 *   v  = beta2 * v + (1 - beta2) * g * g
 *   p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 *
 * <p>With L2 decay the penalty is rescaled by the adaptive denominator, which is why
 * {@link AdamW} decouples it. State arrays: {@code firstMoment} (m) and {@code secondMoment} (v),
 * created on the first step. Not thread-safe; deterministic.
 */
public final class Adam extends AdaptiveMoments {

    /** Adam with a constant learning rate. */
    public Adam(AdamOptions options) {
        this(options, LearningRateSchedule.constant());
    }

    /** Adam whose learning rate at step t is {@code options.learningRate() * schedule.factor(t)}. */
    public Adam(AdamOptions options, LearningRateSchedule schedule) {
        super(options, schedule, false);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.ADAM;
    }
}
