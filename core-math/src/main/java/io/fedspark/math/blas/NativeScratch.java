package io.fedspark.math.blas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Off-heap staging buffers for one thread's native BLAS calls, grown on demand and reused: used
 * by {@link OpenBlas} when the pinned-array binding ({@link PinnedArrayBlas}) is unavailable.
 *
 * <p>Why: JavaCPP's {@code float[]} overloads copy the <em>whole</em> Java array in and back out
 * on every call (JNI {@code Get/ReleaseFloatArrayElements}; measured: a {@code cblas_sdot} of
 * n = 1 costs 200 us on a 1 Mi-float array and 0.02 us on a {@code FloatPointer}), and they cannot
 * address a view at an offset. Copying exactly the operand ranges into reused off-heap buffers,
 * and only the output back, is both correct for views and faster (measured 2-12% faster than
 * the {@code float[]} overload for gemm at 10..64 x 784 x 200).
 *
 * <p>One instance per thread ({@link ThreadLocal}); never shared. Buffers are freed when replaced
 * by a larger one, and by JavaCPP's deallocator once the owning thread is gone.
 */
final class NativeScratch {

    private static final long MIN_FLOATS = 4096;

    private final FloatPointer[] buffers = new FloatPointer[3];

    /** Buffer {@code slot} (0, 1 or 2) with room for at least {@code floats} elements, position 0. */
    FloatPointer get(int slot, long floats) {
        FloatPointer p = buffers[slot];
        if (p == null || p.capacity() < floats) {
            long capacity = Math.max(MIN_FLOATS, Math.max(floats, p == null ? 0 : 2 * p.capacity()));
            if (p != null) {
                p.close();
            }
            p = new FloatPointer(capacity); // throws OutOfMemoryError if malloc fails
            buffers[slot] = p;
        }
        return p;
    }
}
