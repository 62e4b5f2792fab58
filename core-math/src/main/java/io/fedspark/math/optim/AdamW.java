package io.fedspark.math.optim;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019), as PyTorch's {@code torch.optim.AdamW} (the reference for this
 * update rule). The parameters shrink by {@code lr * weightDecay} before the Adam step, and the
 * decay never enters the moment estimates:
 *
 * <pre>
 *   lr = learningRate * schedule.factor(t - 1)
 *   p  = p * (1 - lr * weightDecay)
 *   m  = beta1 * m + (1 - beta1) * grad                (m, v start at 0)
 *   v  = beta2 * v + (1 - beta2) * grad * grad
 *   p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 * </pre>
 *
 * <p>The paper writes the decay as {@code eta_t * lambda} with {@code eta_t} the schedule
 * multiplier; PyTorch (and this class) multiply by the scheduled learning rate, so its
 * {@code weightDecay} is the paper's {@code lambda / alpha}. Used by KRR-ST for the outer step.
 * State arrays: {@code firstMoment} and {@code secondMoment}. Not thread-safe; deterministic.
 */
public final class AdamW extends AdaptiveMoments {

    /** AdamW with a constant learning rate. */
    public AdamW(AdamOptions options) {
        this(options, LearningRateSchedule.constant());
    }

    /** AdamW whose learning rate at step t is {@code options.learningRate() * schedule.factor(t)}. */
    public AdamW(AdamOptions options, LearningRateSchedule schedule) {
        super(options, schedule, true);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.ADAMW;
    }
}
