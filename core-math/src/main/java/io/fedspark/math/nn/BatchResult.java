package io.fedspark.math.nn;

/**
 * What one pass over a batch produced: the weighted mean loss
 * {@code sum_i w_i l_i / sum_i w_i}, the per-example (unweighted) losses {@code l_i} (softmax
 * cross-entropy, or mean squared error for a {@code loss=mse} model), the predicted classes
 * (argmax of the output row, lowest index on ties) and how many of them equal the labels (0 when
 * there are float targets instead of labels). In training mode the losses are those of the
 * network with its dropout masks applied. The arrays are fresh for each call and owned by the caller.
 *
 * @param loss weighted mean loss (nats for cross-entropy)
 * @param weightSum {@code sum_i w_i} (the batch size when unweighted), the weight of this batch
 *                  when several batches or clients are averaged
 * @param exampleLosses {@code l_i} per example, in batch order
 * @param predictions argmax class per example, in batch order
 * @param correct number of examples whose prediction equals the label (unweighted)
 */
public record BatchResult(double loss, double weightSum, float[] exampleLosses, int[] predictions, int correct) {

    /** Number of examples in the batch. */
    public int size() {
        return predictions.length;
    }

    /** Unweighted fraction of correct predictions. */
    public double accuracy() {
        return size() == 0 ? 0 : (double) correct / size();
    }
}
