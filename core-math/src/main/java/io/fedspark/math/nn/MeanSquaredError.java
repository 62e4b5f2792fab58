package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;

/**
 * Mean squared error against float targets ({@link Loss#MEAN_SQUARED_ERROR}): per example
 * {@code l_i = (1/k) sum_j (y_ij - t_ij)^2} over the {@code k} outputs, so that with unit weights
 * the batch loss is the mean over all {@code n*k} elements, {@code mean((Y - T)^2)}. The gradient
 * of {@code L = sum_i w_i l_i / sum_i w_i} is {@code dL/dy_ij = (w_i / sum w) (2/k) (y_ij - t_ij)}.
 * The sum of squares is accumulated in double, so {@code l_i} is exact to float rounding.
 */
final class MeanSquaredError {

    private MeanSquaredError() {
    }

    /**
     * Computes losses (and the output argmax as "predictions") for the rows of {@code outputs}, and
     * if {@code gradient} is not null writes {@code dL/dy} into it.
     *
     * @param targets same shape as {@code outputs}
     * @param weights example weights from {@code rowOff}, or null for all 1
     * @param weightSum the total weight of the whole batch
     * @return {@code sum_i w_i l_i} over these rows
     */
    static double apply(FloatMatrix outputs, FloatMatrix targets, float[] weights, int rowOff, double weightSum,
                        FloatMatrix gradient, float[] losses, int[] predictions) {
        float[] y = outputs.data();
        float[] t = targets.data();
        float[] g = gradient == null ? null : gradient.data();
        int k = outputs.ncol();
        double weightedLoss = 0;
        for (int i = 0; i < outputs.nrow(); i++) {
            int yr = outputs.offset() + i * k;
            int tr = targets.offset() + i * k;
            float w = weights == null ? 1f : weights[rowOff + i];
            float scale = (float) (2.0 * w / (weightSum * k));
            int gr = gradient == null ? 0 : gradient.offset() + i * k;
            double sq = 0;
            int argmax = 0;
            for (int j = 0; j < k; j++) {
                float diff = y[yr + j] - t[tr + j];
                sq += (double) diff * diff;
                if (y[yr + j] > y[yr + argmax]) {
                    argmax = j;
                }
                if (g != null) {
                    g[gr + j] = scale * diff;
                }
            }
            float loss = (float) (sq / k);
            losses[rowOff + i] = loss;
            predictions[rowOff + i] = argmax;
            weightedLoss += (double) w * loss;
        }
        return weightedLoss;
    }
}
