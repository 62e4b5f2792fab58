package io.fedspark.math.linalg;

import io.fedspark.math.FloatMatrix;
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
public final class DoubleMatrix {

    private final double[] data;
    private final int offset;
    private final int nrow;
    private final int ncol;

    /** Creates a zero-filled {@code nrow x ncol} matrix backed by its own array. */
    public DoubleMatrix(int nrow, int ncol) {
        this(new double[checkedSize(nrow, ncol)], 0, nrow, ncol);
    }

    private DoubleMatrix(double[] data, int offset, int nrow, int ncol) {
        this.data = data;
        this.offset = offset;
        this.nrow = nrow;
        this.ncol = ncol;
    }

    /**
     * Wraps {@code data[offset .. offset + nrow*ncol)} as an {@code nrow x ncol} row-major matrix
     * without copying.
     *
     * @throws IllegalArgumentException if the range does not fit in the array
     */
    public static DoubleMatrix wrap(double[] data, int offset, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        long size = checkedSize(nrow, ncol);
        if (offset < 0 || offset + size > data.length) {
            throw new IllegalArgumentException("wrap: a " + nrow + " x " + ncol + " matrix at offset " + offset
                    + " needs doubles [" + offset + ", " + (offset + size) + ") but the array has " + data.length);
        }
        return new DoubleMatrix(data, offset, nrow, ncol);
    }

    /** Wraps a whole array as an {@code nrow x ncol} matrix; the length must match exactly. */
    public static DoubleMatrix wrap(double[] data, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        if ((long) nrow * ncol != data.length) {
            throw new IllegalArgumentException("wrap: a " + nrow + " x " + ncol + " matrix needs "
                    + (long) nrow * ncol + " doubles but the array has " + data.length);
        }
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

    private static int checkedSize(int nrow, int ncol) {
        if (nrow < 0 || ncol < 0) {
            throw new IllegalArgumentException("matrix shape " + nrow + " x " + ncol + " has a negative dimension");
        }
        long size = (long) nrow * ncol;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix shape " + nrow + " x " + ncol + " has " + size
                    + " elements, more than a Java array can hold");
        }
        return (int) size;
    }

    public int nrow() {
        return nrow;
    }

    public int ncol() {
        return ncol;
    }

    /** Number of elements, {@code nrow * ncol}. */
    public int size() {
        return nrow * ncol;
    }

    /** The backing array (shared, not a copy). */
    public double[] data() {
        return data;
    }

    /** Index in {@link #data()} of element (0, 0). */
    public int offset() {
        return offset;
    }

    /** The shape as people write it, e.g. {@code "64 x 784"}; used in error messages. */
    public String shape() {
        return nrow + " x " + ncol;
    }

    public double get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, double v) {
        data[index(i, j)] = v;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= nrow || j < 0 || j >= ncol) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") of a " + shape() + " matrix");
        }
        return offset + i * ncol + j;
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
        return "DoubleMatrix " + shape() + (offset == 0 && data.length == size() ? "" : " (view at offset " + offset + ")");
    }
}
