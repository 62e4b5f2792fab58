/**
 * Optimizers that update one flat parameter array from one flat gradient array
 * ({@link io.fedspark.math.optim.Optimizer}: {@link io.fedspark.math.optim.Sgd},
 * {@link io.fedspark.math.optim.Adam}, {@link io.fedspark.math.optim.AdamW},
 * {@link io.fedspark.math.optim.SignSgd}), their self-validating options records, learning-rate
 * schedules ({@link io.fedspark.math.optim.LearningRateSchedule}), and
 * {@link io.fedspark.math.optim.OptimizerState}, which captures an optimizer's settings, step
 * count and arrays so that it can be checkpointed, broadcast and resumed bit for bit.
 *
 * <p>Update rules follow PyTorch's {@code torch.optim} implementations, which the tests use as the
 * reference; each class's Javadoc gives the formula and the paper.
 */
package io.fedspark.math.optim;
