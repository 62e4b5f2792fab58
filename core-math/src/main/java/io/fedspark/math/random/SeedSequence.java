package io.fedspark.math.random;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable node in a tree of 64-bit seeds: a root seed, and children identified by a purpose
 * string and integer indices, e.g. {@code root(42).derive("cohort", round)} or
 * {@code root(42).derive("client-train", round, clientId)}.
 *
 * <p>The seed of a node is a pure function of its identity, the path from the root: it depends
 * only on the root seed and the (purpose, indices) of each {@code derive} step, never on how many
 * other nodes were derived before, in which order, or on which thread or executor. That is what
 * makes "same seed, same result, whatever the number of partitions" hold.
 *
 * <p>Mixing: each step absorbs an unambiguous encoding of its identity (a domain tag, the purpose's
 * length and UTF-8 bytes, the number of indices and each index) into the 64-bit state, one word at
 * a time, through the SplitMix64 finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014; constants from Stafford's "Mix13"), which is a bijection with
 * full avalanche: flipping any input bit flips each output bit with probability about 1/2.
 * Distinct identities therefore collide only with probability about 2^-64 per pair.
 *
 * <p>{@link #random()} gives a {@link SplittableRandom} seeded with {@link #seed()}: a fresh,
 * independent stream per node, with no shared or global state.
 */
public final class SeedSequence implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long ROOT_TAG = 0x7FEDC0DE5EED0001L;
    private static final long DERIVE_TAG = 0x7FEDC0DE5EED0002L;

    private final long state;

    private SeedSequence(long state) {
        this.state = state;
    }

    /** The root of a seed tree, from a user-supplied seed (e.g. the run's {@code seed}). */
    public static SeedSequence root(long seed) {
        return new SeedSequence(absorb(mix64(ROOT_TAG), seed));
    }

    /**
     * The child identified by {@code purpose} and {@code indices}, e.g.
     * {@code derive("client-train", round, clientId)}. Pure: same arguments, same child.
     */
    public SeedSequence derive(String purpose, long... indices) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(indices, "indices");
        long h = absorb(state, DERIVE_TAG);
        byte[] utf8 = purpose.getBytes(StandardCharsets.UTF_8);
        h = absorb(h, utf8.length);
        for (int i = 0; i < utf8.length; i += 8) {
            long word = 0;
            for (int b = i; b < Math.min(i + 8, utf8.length); b++) {
                word = (word << 8) | (utf8[b] & 0xFF);
            }
            h = absorb(h, word);
        }
        h = absorb(h, indices.length);
        for (long index : indices) {
            h = absorb(h, index);
        }
        return new SeedSequence(h);
    }

    /** The 64-bit seed of this node. */
    public long seed() {
        return state;
    }

    /** A new random stream seeded with {@link #seed()}; each call returns an identical, fresh stream. */
    public SplittableRandom random() {
        return new SplittableRandom(state);
    }

    /** One absorption step: the state is advanced by the word and re-mixed (order-sensitive). */
    private static long absorb(long h, long word) {
        return mix64((h + GOLDEN_GAMMA) ^ mix64(word + GOLDEN_GAMMA));
    }

    /** The SplitMix64 finalizer (Stafford Mix13 variant). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeedSequence && ((SeedSequence) o).state == state;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(state);
    }

    @Override
    public String toString() {
        return "SeedSequence[" + Long.toHexString(state) + "]";
    }
}
