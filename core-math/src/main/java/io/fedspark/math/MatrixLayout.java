package io.fedspark.math;

/**
 * The row-major layout shared by {@link FloatMatrix} and
 * {@link io.fedspark.math.linalg.DoubleMatrix}: a shape {@code nrow x ncol} placed at an offset of
 * a flat array, element {@code (i, j)} at {@code offset + i * ncol + j} (leading dimension
 * {@code ncol}, the BLAS {@code lda} of a row-major matrix).
 *
 * <p>It holds the shape checks and index arithmetic once; the subclasses hold the array, whose
 * element type Java generics cannot abstract over without boxing.
 */
public abstract class MatrixLayout {

    /** Index in the backing array of element (0, 0). */
    protected final int offset;
    /** Number of rows. */
    protected final int nrow;
    /** Number of columns (the leading dimension). */
    protected final int ncol;

    /** For subclasses: a layout of {@code nrow x ncol} at {@code offset}, already checked. */
    protected MatrixLayout(int offset, int nrow, int ncol) {
        this.offset = offset;
        this.nrow = nrow;
        this.ncol = ncol;
    }

    /**
     * The element count of an {@code nrow x ncol} matrix.
     *
     * @throws IllegalArgumentException if a dimension is negative or the count exceeds what a Java
     *     array can hold
     */
    protected static int checkedSize(int nrow, int ncol) {
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

    /**
     * Checks that an {@code nrow x ncol} matrix at {@code offset} fits in an array of
     * {@code length} elements named {@code unit} in messages (e.g. {@code "floats"}).
     */
    protected static void checkFits(int length, int offset, int nrow, int ncol, String unit) {
        long size = checkedSize(nrow, ncol);
        if (offset < 0 || offset + size > length) {
            throw new IllegalArgumentException("wrap: a " + nrow + " x " + ncol + " matrix at offset "
                    + offset + " needs " + unit + " [" + offset + ", " + (offset + size)
                    + ") but the array has " + length);
        }
    }

    /** Checks that an {@code nrow x ncol} matrix fills an array of {@code length} exactly. */
    protected static void checkFillsExactly(int length, int nrow, int ncol, String unit) {
        if ((long) nrow * ncol != length) {
            throw new IllegalArgumentException("wrap: a " + nrow + " x " + ncol + " matrix needs "
                    + (long) nrow * ncol + " " + unit + " but the array has " + length);
        }
    }

    public final int nrow() {
        return nrow;
    }

    public final int ncol() {
        return ncol;
    }

    /** Number of elements, {@code nrow * ncol}. */
    public final int size() {
        return nrow * ncol;
    }

    /** Index in the backing array of element (0, 0). */
    public final int offset() {
        return offset;
    }

    /** The shape as people write it, e.g. {@code "64 x 784"}; used in error messages. */
    public final String shape() {
        return nrow + " x " + ncol;
    }

    /** The array index of element {@code (i, j)}, checked against the shape. */
    protected final int index(int i, int j) {
        if (i < 0 || i >= nrow || j < 0 || j >= ncol) {
            throw new IndexOutOfBoundsException("element (" + i + ", " + j + ") of a " + shape() + " matrix");
        }
        return offset + i * ncol + j;
    }

    /** The array offset of row {@code start} of a block of {@code count} rows, checked. */
    protected final int rowsOffset(int start, int count) {
        if (start < 0 || count < 0 || start + count > nrow) {
            throw new IndexOutOfBoundsException("rows [" + start + ", " + (start + count) + ") of a "
                    + shape() + " matrix");
        }
        return offset + start * ncol;
    }

    /** {@code "<name> <shape>"}, plus the offset when this is a view into a larger array. */
    protected final String describe(String name, int arrayLength) {
        return name + " " + shape() + (offset == 0 && arrayLength == size() ? "" : " (view at offset " + offset + ")");
    }
}
