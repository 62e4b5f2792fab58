package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;

/**
 * Softmax followed by cross-entropy ({@link Loss#SOFTMAX_CROSS_ENTROPY}), fused so that it is
 * numerically stable and costs one pass.
 *
 * <p>For logits {@code z} and label {@code y}: {@code l = log(sum_j exp(z_j - m)) - (z_y - m)}
 * with {@code m = max_j z_j} (the log-sum-exp shift: no exp overflows, the largest term is 1, so
 * the log never sees 0), and the gradient of the weighted mean loss
 * {@code L = sum_i w_i l_i / sum_i w_i} with respect to the logits is
 * {@code dL/dz_ij = (w_i / sum w) (softmax(z_i)_j - [j == y_i])} (Bridle, "Probabilistic
 * interpretation of feedforward classification network outputs", 1990).
 */
final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * Computes losses and predictions for the rows of {@code logits}, and if {@code gradient} is
     * not null writes {@code dL/dz} into it.
     *
     * @param labels labels of these rows, from {@code labelOff}
     * @param weights example weights from {@code labelOff}, or null for all 1
     * @param weightSum the total weight of the whole batch (the denominator of L)
     * @param gradient receives {@code dL/dz} (same shape as the logits), or null
     * @param losses receives {@code l_i} at {@code labelOff + i}
     * @param predictions receives the argmax at {@code labelOff + i}
     * @param correct {@code correct[0]} is incremented per correct prediction
     * @return {@code sum_i w_i l_i} over these rows
     */
    static double apply(FloatMatrix logits, int[] labels, float[] weights, int labelOff, double weightSum,
                        FloatMatrix gradient, float[] losses, int[] predictions, int[] correct) {
        float[] z = logits.data();
        float[] g = gradient == null ? null : gradient.data();
        int k = logits.ncol();
        double weightedLoss = 0;
        for (int i = 0; i < logits.nrow(); i++) {
            int row = logits.offset() + i * k;
            int label = labels[labelOff + i];
            int argmax = 0;
            float max = z[row];
            for (int j = 1; j < k; j++) {
                if (z[row + j] > max) {
                    max = z[row + j];
                    argmax = j;
                }
            }
            float shiftedLabel = z[row + label] - max;
            int grow = gradient == null ? 0 : gradient.offset() + i * k;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(z[row + j] - max);
                sum += e;
                if (g != null) {
                    g[grow + j] = e;
                }
            }
            float loss = (float) (Math.log(sum) - shiftedLabel);
            float w = weights == null ? 1f : weights[labelOff + i];
            losses[labelOff + i] = loss;
            predictions[labelOff + i] = argmax;
            if (argmax == label) {
                correct[0]++;
            }
            weightedLoss += (double) w * loss;
            if (g != null) {
                float scale = (float) (w / weightSum);
                float inv = (float) (scale / sum);
                for (int j = 0; j < k; j++) {
                    g[grow + j] *= inv;
                }
                g[grow + label] -= scale;
            }
        }
        return weightedLoss;
    }
}
