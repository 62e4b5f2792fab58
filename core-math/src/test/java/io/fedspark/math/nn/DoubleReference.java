package io.fedspark.math.nn;

/**
 * An independent, naive double-precision implementation of the classifier's loss, written from
 * the documented parameter layout ({@code W0, b0, W1, b1, ...}, W row-major {@code in x out}),
 * used to check {@link Model} by central finite differences.
 */
final class DoubleReference {

    private final ModelSpec spec;

    DoubleReference(ModelSpec spec) {
        this.spec = spec;
    }

    /** Logits of one example; also records the smallest |pre-activation| of hidden units in minAbs[0]. */
    double[] logits(double[] theta, double[] x, double[] minAbs) {
        double[] a = x;
        int off = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            int in = spec.widths().get(l);
            int out = spec.widths().get(l + 1);
            boolean last = l == spec.layerCount() - 1;
            double[] z = new double[out];
            for (int j = 0; j < out; j++) {
                double s = theta[off + in * out + j];
                for (int i = 0; i < in; i++) {
                    s += a[i] * theta[off + i * out + j];
                }
                if (!last && minAbs != null) {
                    minAbs[0] = Math.min(minAbs[0], Math.abs(s));
                }
                z[j] = last ? s : Math.max(s, 0);
            }
            a = z;
            off += in * out + out;
        }
        return a;
    }

    /** Cross-entropy of one example. */
    double exampleLoss(double[] theta, double[] x, int label) {
        double[] z = logits(theta, x, null);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) + max - z[label];
    }

    /** Weighted mean loss {@code sum w_i l_i / sum w_i}; weights null means all 1. */
    double loss(double[] theta, double[][] xs, int[] labels, float[] w) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < xs.length; i++) {
            double wi = w == null ? 1 : w[i];
            num += wi * exampleLoss(theta, xs[i], labels[i]);
            den += wi;
        }
        return num / den;
    }

    /** Central differences of the loss with respect to every parameter, step h. */
    double[] parameterGradient(double[] theta, double[][] xs, int[] labels, float[] w, double h) {
        double[] g = new double[theta.length];
        for (int p = 0; p < theta.length; p++) {
            double keep = theta[p];
            theta[p] = keep + h;
            double up = loss(theta, xs, labels, w);
            theta[p] = keep - h;
            double down = loss(theta, xs, labels, w);
            theta[p] = keep;
            g[p] = (up - down) / (2 * h);
        }
        return g;
    }

    /** Central differences of the loss with respect to every input element, step h. */
    double[][] inputGradient(double[] theta, double[][] xs, int[] labels, float[] w, double h) {
        double[][] g = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            g[i] = new double[xs[i].length];
            for (int j = 0; j < xs[i].length; j++) {
                double keep = xs[i][j];
                xs[i][j] = keep + h;
                double up = loss(theta, xs, labels, w);
                xs[i][j] = keep - h;
                double down = loss(theta, xs, labels, w);
                xs[i][j] = keep;
                g[i][j] = (up - down) / (2 * h);
            }
        }
        return g;
    }
}
