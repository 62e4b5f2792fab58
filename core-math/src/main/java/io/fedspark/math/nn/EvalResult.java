package io.fedspark.math.nn;

/**
 * Evaluation of a model on a labelled set: unweighted mean cross-entropy and accuracy.
 *
 * @param loss mean cross-entropy {@code (1/n) sum_i l_i} (nats)
 * @param accuracy {@code correct / count}
 * @param correct number of correct argmax predictions
 * @param count number of examples
 */
public record EvalResult(double loss, double accuracy, int correct, int count) {
}
