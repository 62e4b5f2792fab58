package io.fedspark.math.linalg;

/**
 * Thrown when a Cholesky factorisation finds that its matrix is not (numerically) symmetric
 * positive definite: the leading principal minor of some order {@code k} is not positive, which
 * is LAPACK's {@code info = k > 0} from {@code ?potrf}. The usual remedy is a ridge: factor
 * {@code A + lambda I} instead.
 */
public final class NotPositiveDefiniteException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int order;
    private final int leadingMinor;

    /**
     * @param order n of the n x n matrix
     * @param leadingMinor the 1-based order k of the first leading minor that is not positive
     */
    public NotPositiveDefiniteException(int order, int leadingMinor) {
        super("cholesky: matrix " + order + " x " + order + " is not positive definite (leading minor " + leadingMinor
                + " is not positive); add a ridge (lambda * I)");
        this.order = order;
        this.leadingMinor = leadingMinor;
    }

    /** n of the n x n matrix. */
    public int order() {
        return order;
    }

    /** The 1-based order of the first leading principal minor that is not positive. */
    public int leadingMinor() {
        return leadingMinor;
    }
}
