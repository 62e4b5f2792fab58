package io.fedspark.math.optim;

import java.util.List;
import java.util.Objects;

/**
 * A learning-rate schedule: a factor {@code f(t)} of the optimizer's base learning rate
 * {@code lr0} (the {@code learningRate} of its options) at step {@code t = 0, 1, 2, ...}, so that
 * step {@code t} uses {@code lr_t = lr0 * f(t)}, computed in double and rounded to float once.
 * Factors are relative so that one schedule fits every optimizer and every base rate.
 *
 * <ul>
 *   <li>{@link Constant}: {@code f(t) = 1}.</li>
 *   <li>{@link MultiStep}: {@code f(t) = gamma^(number of milestones <= t)}; step decay, as in
 *       He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, and PyTorch's
 *       {@code MultiStepLR} (e.g. milestones 91 and 136, gamma 0.1).</li>
 *   <li>{@link Cosine}: {@code f(t) = floor + (1 - floor) (1 + cos(pi t / T)) / 2} for
 *       {@code t < T}, then {@code floor}; cosine annealing without restarts (Loshchilov and
 *       Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017; PyTorch's
 *       {@code CosineAnnealingLR} with {@code eta_min = floor * lr0}, except that PyTorch's closed
 *       form would rise again after T and this one stays at the floor).</li>
 *   <li>{@link LinearDecay}: {@code f(t) = 1 + (final - 1) min(t, T) / T}; PyTorch's
 *       {@code LinearLR(start_factor=1, end_factor=final, total_iters=T)}. KRR-ST (Lee et al.,
 *       "Self-Supervised Dataset Distillation for Transfer Learning", ICLR 2024) decays x1 to
 *       x1e-3 over the run.</li>
 *   <li>{@link InverseDecay}: {@code f(t) = (1 + a t)^(-b)}; Caffe's {@code inv} policy (Jia et
 *       al., "Caffe: Convolutional Architecture for Fast Feature Embedding", 2014), used with
 *       {@code a = 0.001, b = 0.75} by the federated-curriculum experiments (Vahidian et al.,
 *       "When Do Curricula Work in Federated Learning?", ICCV 2023).</li>
 * </ul>
 *
 * <p>Each schedule has a canonical spec string ({@code toString()}) that {@link #parse} reads
 * back to an equal schedule: {@code constant}, {@code multistep(milestones=[91,136], gamma=0.1)},
 * {@code cosine(steps=1000, floor=0.0)}, {@code linear(steps=1000, final=0.001)},
 * {@code inverse(a=0.001, b=0.75)}. Records validate themselves.
 */
public sealed interface LearningRateSchedule
        permits LearningRateSchedule.Constant, LearningRateSchedule.MultiStep, LearningRateSchedule.Cosine,
        LearningRateSchedule.LinearDecay, LearningRateSchedule.InverseDecay {

    /** The factor {@code f(t)} of the base learning rate at step {@code t >= 0}. */
    double factor(long step);

    /** {@code (float) (base * factor(step))}: the learning rate of step {@code step >= 0}. */
    default float learningRate(double base, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("learning-rate schedule " + this + ": step is " + step + ", expected >= 0");
        }
        return (float) (base * factor(step));
    }

    /** The schedule that never changes the learning rate. */
    static LearningRateSchedule constant() {
        return Constant.INSTANCE;
    }

    /**
     * Parses a spec string such as {@code cosine(steps=1000, floor=0.01)} (see the type's Javadoc).
     *
     * @throws IllegalArgumentException naming the text, the offending part and what was expected
     */
    static LearningRateSchedule parse(String text) {
        return ScheduleSpecParser.parse(text);
    }

    /** {@code f(t) = 1}. */
    record Constant() implements LearningRateSchedule {
        static final Constant INSTANCE = new Constant();

        @Override
        public double factor(long step) {
            return 1.0;
        }

        @Override
        public String toString() {
            return "constant";
        }
    }

    /**
     * {@code f(t) = gamma^(number of milestones m with m <= t)}.
     *
     * @param milestones strictly increasing steps >= 1 at which the rate is multiplied by gamma
     * @param gamma the multiplier, finite and > 0
     */
    record MultiStep(List<Long> milestones, double gamma) implements LearningRateSchedule {
        public MultiStep {
            milestones = List.copyOf(Objects.requireNonNull(milestones, "milestones"));
            if (milestones.isEmpty()) {
                throw new IllegalArgumentException("multistep schedule: milestones is empty, expected at least one step");
            }
            long previous = 0;
            for (long m : milestones) {
                if (m <= previous) {
                    throw new IllegalArgumentException("multistep schedule: milestones " + milestones
                            + " are not strictly increasing steps >= 1 (at " + m + ")");
                }
                previous = m;
            }
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("multistep schedule: gamma is " + gamma + ", expected a finite number > 0");
            }
        }

        @Override
        public double factor(long step) {
            int passed = 0;
            for (long m : milestones) {
                if (m <= step) {
                    passed++;
                }
            }
            return Math.pow(gamma, passed);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("multistep(milestones=[");
            for (int i = 0; i < milestones.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(milestones.get(i));
            }
            return sb.append("], gamma=").append(gamma).append(')').toString();
        }
    }

    /**
     * {@code f(t) = floor + (1 - floor) (1 + cos(pi t / T)) / 2} for {@code t < T}, then {@code floor}.
     *
     * @param totalSteps T, at least 1
     * @param floorFactor the final factor, in [0, 1]
     */
    record Cosine(long totalSteps, double floorFactor) implements LearningRateSchedule {
        public Cosine {
            if (totalSteps < 1) {
                throw new IllegalArgumentException("cosine schedule: steps is " + totalSteps + ", expected an integer >= 1");
            }
            if (!(floorFactor >= 0 && floorFactor <= 1)) {
                throw new IllegalArgumentException("cosine schedule: floor is " + floorFactor + ", expected a factor in [0, 1]");
            }
        }

        @Override
        public double factor(long step) {
            if (step >= totalSteps) {
                return floorFactor;
            }
            return floorFactor + (1 - floorFactor) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
        }

        @Override
        public String toString() {
            return "cosine(steps=" + totalSteps + ", floor=" + floorFactor + ")";
        }
    }

    /**
     * {@code f(t) = 1 + (finalFactor - 1) min(t, T) / T}.
     *
     * @param totalSteps T, at least 1
     * @param finalFactor the factor reached at step T and kept after, in [0, 1]
     */
    record LinearDecay(long totalSteps, double finalFactor) implements LearningRateSchedule {
        public LinearDecay {
            if (totalSteps < 1) {
                throw new IllegalArgumentException("linear schedule: steps is " + totalSteps + ", expected an integer >= 1");
            }
            if (!(finalFactor >= 0 && finalFactor <= 1)) {
                throw new IllegalArgumentException("linear schedule: final is " + finalFactor + ", expected a factor in [0, 1]");
            }
        }

        @Override
        public double factor(long step) {
            return 1 + (finalFactor - 1) * ((double) Math.min(step, totalSteps) / totalSteps);
        }

        @Override
        public String toString() {
            return "linear(steps=" + totalSteps + ", final=" + finalFactor + ")";
        }
    }

    /**
     * {@code f(t) = (1 + a t)^(-b)}.
     *
     * @param a finite and >= 0
     * @param b finite and >= 0
     */
    record InverseDecay(double a, double b) implements LearningRateSchedule {
        public InverseDecay {
            if (!(a >= 0) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("inverse schedule: a is " + a + ", expected a finite number >= 0");
            }
            if (!(b >= 0) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("inverse schedule: b is " + b + ", expected a finite number >= 0");
            }
        }

        @Override
        public double factor(long step) {
            return Math.pow(1 + a * step, -b);
        }

        @Override
        public String toString() {
            return "inverse(a=" + a + ", b=" + b + ")";
        }
    }
}
