package io.fedspark.math.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrs;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrs;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Cholesky through OpenBLAS's LAPACKE ({@code LAPACKE_spotrf/spotrs/dpotrf/dpotrs}, row-major,
 * lower triangle) via the JavaCPP presets. Operands are copied into per-thread, reused off-heap
 * buffers and the result copied out: JavaCPP's array overloads would copy whole arrays on every
 * call (see {@code io.fedspark.math.blas.NativeScratch}). LAPACKE itself transposes row-major
 * operands into column-major temporaries around the Fortran routine.
 *
 * <p>Thread-safe: each thread has its own buffers; OpenBLAS's thread count is the one
 * {@code MathRuntime} set.
 */
final class NativeLapack {

    private static final byte LOWER = (byte) 'L';
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private NativeLapack() {
    }

    /** Loads the library once; the failure, if any, is kept and reported on every use. */
    private static final class Library {
        static final RuntimeException FAILURE = load();

        private static RuntimeException load() {
            try {
                Loader.load(openblas.class);
                return null;
            } catch (LinkageError | RuntimeException e) {
                return new IllegalStateException("cholesky: native OpenBLAS/LAPACKE (org.bytedeco:openblas, platform "
                        + Loader.getPlatform() + ") could not be loaded: " + e, e);
            }
        }
    }

    private static void ensureLoaded() {
        if (Library.FAILURE != null) {
            throw Library.FAILURE;
        }
    }

    /** Per-thread off-heap buffers: slot 0 holds the matrix, slot 1 the right-hand sides. */
    private static final class Buffers {
        private static final long MIN_ELEMENTS = 4096;
        private final FloatPointer[] floats = new FloatPointer[2];
        private final DoublePointer[] doubles = new DoublePointer[2];

        FloatPointer floats(int slot, long elements) {
            FloatPointer p = floats[slot];
            if (p == null || p.capacity() < elements) {
                if (p != null) {
                    p.close();
                }
                p = new FloatPointer(Math.max(MIN_ELEMENTS, Math.max(elements, p == null ? 0 : 2 * p.capacity())));
                floats[slot] = p;
            }
            return p;
        }

        DoublePointer doubles(int slot, long elements) {
            DoublePointer p = doubles[slot];
            if (p == null || p.capacity() < elements) {
                if (p != null) {
                    p.close();
                }
                p = new DoublePointer(Math.max(MIN_ELEMENTS, Math.max(elements, p == null ? 0 : 2 * p.capacity())));
                doubles[slot] = p;
            }
            return p;
        }
    }

    /** L of the n x n matrix at {@code a[off ..]} (lower triangle read), upper triangle zeroed; n >= 1. */
    static float[] spotrf(float[] a, int off, int n) {
        ensureLoaded();
        int size = n * n;
        FloatPointer p = BUFFERS.get().floats(0, size).put(a, off, size);
        check("LAPACKE_spotrf", LAPACKE_spotrf(LAPACK_ROW_MAJOR, LOWER, n, p, n), n);
        float[] l = new float[size];
        p.get(l, 0, size);
        for (int i = 0; i < n; i++) {
            Arrays.fill(l, i * n + i + 1, (i + 1) * n, 0f);
        }
        return l;
    }

    /** L of the n x n matrix at {@code a[off ..]} (lower triangle read), upper triangle zeroed; n >= 1. */
    static double[] dpotrf(double[] a, int off, int n) {
        ensureLoaded();
        int size = n * n;
        DoublePointer p = BUFFERS.get().doubles(0, size).put(a, off, size);
        check("LAPACKE_dpotrf", LAPACKE_dpotrf(LAPACK_ROW_MAJOR, LOWER, n, p, n), n);
        double[] l = new double[size];
        p.get(l, 0, size);
        for (int i = 0; i < n; i++) {
            Arrays.fill(l, i * n + i + 1, (i + 1) * n, 0.0);
        }
        return l;
    }

    /** X with {@code L L' X = B} for the n x k B at {@code b[off ..]}; n, k >= 1. */
    static float[] spotrs(float[] l, int n, float[] b, int off, int k) {
        ensureLoaded();
        Buffers buffers = BUFFERS.get();
        FloatPointer pl = buffers.floats(0, (long) n * n).put(l, 0, n * n);
        FloatPointer pb = buffers.floats(1, (long) n * k).put(b, off, n * k);
        check("LAPACKE_spotrs", LAPACKE_spotrs(LAPACK_ROW_MAJOR, LOWER, n, k, pl, n, pb, k), n);
        float[] x = new float[n * k];
        pb.get(x, 0, n * k);
        return x;
    }

    /** X with {@code L L' X = B} for the n x k B at {@code b[off ..]}; n, k >= 1. */
    static double[] dpotrs(double[] l, int n, double[] b, int off, int k) {
        ensureLoaded();
        Buffers buffers = BUFFERS.get();
        DoublePointer pl = buffers.doubles(0, (long) n * n).put(l, 0, n * n);
        DoublePointer pb = buffers.doubles(1, (long) n * k).put(b, off, n * k);
        check("LAPACKE_dpotrs", LAPACKE_dpotrs(LAPACK_ROW_MAJOR, LOWER, n, k, pl, n, pb, k), n);
        double[] x = new double[n * k];
        pb.get(x, 0, n * k);
        return x;
    }

    /** info > 0 from potrf: leading minor info is not positive; info < 0: argument -info was illegal (a bug here). */
    private static void check(String routine, int info, int n) {
        if (info > 0) {
            throw new NotPositiveDefiniteException(n, info);
        }
        if (info == -1010 || info == -1011) { // LAPACK_WORK_MEMORY_ERROR, LAPACK_TRANSPOSE_MEMORY_ERROR
            throw new OutOfMemoryError(routine + ": LAPACKE could not allocate its work space for n = " + n);
        }
        if (info < 0) {
            throw new IllegalStateException(routine + " rejected argument " + (-info) + " (n = " + n
                    + "); the arguments were checked before the call, so this is a bug in fedspark");
        }
    }
}
