package io.fedspark.math;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A dense, row-major single-precision matrix that may be a view into a larger {@code float[]}.
 *
 * <p>Element {@code (i, j)} lives at {@code data()[offset() + i * ncol() + j]}: rows are stored
 * contiguously with leading dimension {@code ncol()} (the BLAS {@code lda} of a row-major
 * matrix), so a block of whole rows ({@link #rows(int, int)}) is again a matrix of this kind.
 * Views share storage with the matrix they were taken from; {@link #copy()} does not.
 *
 * <p>Model parameters live in one flat array, and each layer's weights are a {@code FloatMatrix}
 * view into it, which is why offsets are first-class here.
 *
 * <p>Not thread-safe for concurrent writes, like a plain array.
 */
public final class FloatMatrix extends MatrixLayout {

    private final float[] data;

    /** Creates a zero-filled {@code nrow x ncol} matrix backed by its own array. */
    public FloatMatrix(int nrow, int ncol) {
        this(new float[checkedSize(nrow, ncol)], 0, nrow, ncol);
    }

    private FloatMatrix(float[] data, int offset, int nrow, int ncol) {
        super(offset, nrow, ncol);
        this.data = data;
    }

    /**
     * Wraps {@code data[offset .. offset + nrow*ncol)} as an {@code nrow x ncol} row-major matrix
     * without copying.
     *
     * @throws IllegalArgumentException if the range does not fit in the array
     */
    public static FloatMatrix wrap(float[] data, int offset, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        checkFits(data.length, offset, nrow, ncol, "floats");
        return new FloatMatrix(data, offset, nrow, ncol);
    }

    /** Wraps a whole array as an {@code nrow x ncol} matrix; the length must match exactly. */
    public static FloatMatrix wrap(float[] data, int nrow, int ncol) {
        Objects.requireNonNull(data, "data");
        checkFillsExactly(data.length, nrow, ncol, "floats");
        return new FloatMatrix(data, 0, nrow, ncol);
    }

    /** The backing array (shared, not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int i, int j) {
        return data[index(i, j)];
    }

    public void set(int i, int j, float v) {
        data[index(i, j)] = v;
    }

    /**
     * A new {@code nrow x ncol} matrix of elements {@code (float) (2u - 1)}, {@code u} drawn in
     * row-major order from {@code random.nextDouble()}: uniform in [-1, 1), the operands of the
     * BLAS probes and benchmarks.
     */
    public static FloatMatrix uniform(int nrow, int ncol, SplittableRandom random) {
        FloatMatrix m = new FloatMatrix(nrow, ncol);
        float[] d = m.data;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (2 * random.nextDouble() - 1);
        }
        return m;
    }

    /** A view of rows {@code [start, start + count)}, sharing storage with this matrix. */
    public FloatMatrix rows(int start, int count) {
        return new FloatMatrix(data, rowsOffset(start, count), count, ncol);
    }

    /** A compact copy with its own array (offset 0). */
    public FloatMatrix copy() {
        return new FloatMatrix(toArray(), 0, nrow, ncol);
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    /** Sets every element of this matrix (only this view's range of the backing array). */
    public FloatMatrix fill(float v) {
        Arrays.fill(data, offset, offset + size(), v);
        return this;
    }

    /** True if this matrix and {@code other} share at least one element of the same array. */
    public boolean overlaps(FloatMatrix other) {
        return data == other.data && size() > 0 && other.size() > 0
                && offset < other.offset + other.size() && other.offset < offset + size();
    }

    @Override
    public String toString() {
        return describe("FloatMatrix", data.length);
    }
}
