package io.fedspark.math.linalg;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.MatrixLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major double-precision matrix, possibly a view into a larger {@code double[]}:
 * the double counterpart of {@link FloatMatrix}, kept minimal, for the linear algebra that needs
 * more than float precision (e.g. the kernel ridge regression of KRR-ST, whose system
 * {@code F F' + lambda I} has a condition number of up to about {@code 1 / 1e-6}).
 *
 * <p>Element {@code (i, j)} lives at {@code data()[offset() + i * ncol() + j]}. Not thread-safe
 * for concurrent writes, like a plain array.
 */
public final class DoubleMatrix extends MatrixLayout {

    private final double[] data;

    /** Creates a zero-filled {@code nrow x ncol} matrix backed by its own array. */
    public DoubleMatrix(int nrow, int ncol) {
        this(new double[checkedSize(nrow, ncol)], 0, nrow, ncol);
    }

    private DoubleMatrix(double[] data, int offset, int nrow, int ncol) {
        super(offset, nrow, ncol);
        this.data = data;
    }

    /**
     * Wraps {@code data[offset .. offset + nrow*ncol)} as an {@code nrow x ncol} row-major matrix
     * without copying.
     *
     * @throws IllegalArgumentException if the range does not fit in the array
     */
    public static DoubleMatrix wrap(double[] data, int offset, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        checkFits(data.length, offset, nrow, ncol, "doubles");
        return new DoubleMatrix(data, offset, nrow, ncol);
    }

    /** Wraps a whole array as an {@code nrow x ncol} matrix; the length must match exactly. */
    public static DoubleMatrix wrap(double[] data, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        checkFillsExactly(data.length, nrow, ncol, "doubles");
        return new DoubleMatrix(data, 0, nrow, ncol);
    }

    /** A new double matrix with the (exactly converted) elements of {@code m}. */
    public static DoubleMatrix from(FloatMatrix m) {
        Objects.requireNonNull(m, "m");
        DoubleMatrix d = new DoubleMatrix(m.nrow(), m.ncol());
        float[] src = m.data();
        for (int i = 0, o = m.offset(); i < d.data.length; i++) {
            d.data[i] = src[o + i];
        }
        return d;
    }

    /** A new float matrix with the elements of this one rounded to float. */
    public FloatMatrix toFloatMatrix() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) data[offset + i];
        }
        return FloatMatrix.wrap(out, nrow, ncol);
    }

    /** The backing array (shared, not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, double v) {
        data[index(i, j)] = v;
    }

    /** A compact copy with its own array (offset 0). */
    public DoubleMatrix copy() {
        return new DoubleMatrix(toArray(), 0, nrow, ncol);
    }

    /** The elements in row-major order, as a new array. */
    public double[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    @Override
    public String toString() {
        return describe("DoubleMatrix", data.length);
    }
}
