package io.fedspark.math.blas;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A kernel set ("core") of OpenBLAS's {@code DYNAMIC_ARCH} build for x86_64: the GEMM/GEMV kernels
 * and blocking parameters OpenBLAS picks at load time from the CPU it detects, or from the
 * environment variable {@value #ENVIRONMENT_VARIABLE} (read once, when the library loads). Kernel
 * sets sum in different orders and with different vector widths, so they give different float
 * results for the same product: a model trained with {@code Haswell} kernels is not bit-identical to
 * one trained with {@code SkylakeX} kernels.
 *
 * <p>The constants are exactly the names that {@value #ENVIRONMENT_VARIABLE} selects in the
 * bundled OpenBLAS 0.3.31 ({@code driver/others/dynamic.c}: {@code force_coretype} compares the
 * variable case-insensitively with its {@code corename} table, and {@code gotoblas_corename}
 * reports the set actually used) and that OpenBLAS then reports under the same name.
 * {@code OpenBlasCoreTest} loads the library under each of them and under each alias. The other
 * names of that table are aliases on x86_64 (see {@link #named}), and {@code SapphireRapids} is
 * reported but not accepted by the variable (0.3.31 then detects the CPU instead).
 *
 * <p>OpenBLAS does not check that the CPU can run a forced kernel set; a kernel set the CPU lacks
 * instructions for dies with SIGILL at its first product. {@link #cpuFlags()} lists the
 * {@code /proc/cpuinfo} flags the set needs (those OpenBLAS's own detection tests: AVX, AVX2,
 * AVX-512VL, AVX512-BF16, plus FMA3 for the AVX2 sets), so that a pin can be refused beforehand.
 */
public enum OpenBlasCore {
    PRESCOTT("Prescott"),
    CORE2("Core2"),
    NEHALEM("Nehalem"),
    BARCELONA("Barcelona"),
    SANDYBRIDGE("Sandybridge", "avx"),
    BULLDOZER("Bulldozer", "avx"),
    PILEDRIVER("Piledriver", "avx"),
    HASWELL("Haswell", "avx", "avx2", "fma"),
    STEAMROLLER("Steamroller", "avx"),
    EXCAVATOR("Excavator", "avx"),
    ZEN("Zen", "avx", "avx2", "fma"),
    SKYLAKEX("SkylakeX", "avx", "avx2", "fma", "avx512f", "avx512vl"),
    COOPERLAKE("Cooperlake", "avx", "avx2", "fma", "avx512f", "avx512vl", "avx512_bf16");

    /** The environment variable OpenBLAS reads when it loads. */
    public static final String ENVIRONMENT_VARIABLE = "OPENBLAS_CORETYPE";

    /**
     * Names {@value #ENVIRONMENT_VARIABLE} accepts on x86_64 that select another set (the 32-bit-only
     * cores and, in a build without {@code DYNAMIC_OLDER}, the older cores share kernels), mapped to
     * the set OpenBLAS 0.3.31 then reports. Lower-case keys.
     */
    private static final Map<String, OpenBlasCore> ALIASES = Map.ofEntries(
            Map.entry("katmai", PRESCOTT), Map.entry("coppermine", PRESCOTT), Map.entry("northwood", PRESCOTT),
            Map.entry("banias", PRESCOTT), Map.entry("athlon", PRESCOTT), Map.entry("atom", NEHALEM),
            Map.entry("nano", NEHALEM), Map.entry("penryn", CORE2), Map.entry("dunnington", CORE2),
            Map.entry("opteron", CORE2), Map.entry("opteron_sse3", CORE2), Map.entry("bobcat", CORE2));

    private final String openblasName;
    private final Set<String> cpuFlags;

    OpenBlasCore(String openblasName, String... cpuFlags) {
        this.openblasName = openblasName;
        this.cpuFlags = Set.of(cpuFlags);
    }

    /** OpenBLAS's spelling, e.g. {@code "SkylakeX"}: what {@code openblas_get_corename} reports. */
    public String openblasName() {
        return openblasName;
    }

    /** The {@code /proc/cpuinfo} flags this set's kernels need (empty for the SSE-era sets). */
    public Set<String> cpuFlags() {
        return cpuFlags;
    }

    /** The flags of {@link #cpuFlags()} missing from {@code present}, sorted. */
    public List<String> missingFrom(Set<String> present) {
        return cpuFlags.stream().filter(f -> !present.contains(f)).sorted().toList();
    }

    /** Every flag any set needs: what a JVM reports about its CPU. */
    public static Set<String> allCpuFlags() {
        return Arrays.stream(values()).flatMap(c -> c.cpuFlags.stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** The set OpenBLAS reports as {@code corename} (exact spelling), if it is one of these. */
    public static Optional<OpenBlasCore> reportedAs(String corename) {
        return Arrays.stream(values()).filter(c -> c.openblasName.equals(corename)).findFirst();
    }

    /**
     * The set named {@code name}, in any case (as {@value #ENVIRONMENT_VARIABLE} reads it).
     *
     * @throws IllegalArgumentException for an alias ("'Penryn' is an alias: OpenBLAS runs the Core2
     *     kernels for it on x86_64 and reports Core2; use Core2"), {@code SapphireRapids} or an unknown
     *     name; the caller says what is expected ({@link #allowed()})
     */
    public static OpenBlasCore named(String name) {
        String n = name == null ? "" : name.trim();
        for (OpenBlasCore c : values()) {
            if (c.openblasName.equalsIgnoreCase(n)) {
                return c;
            }
        }
        String lower = n.toLowerCase(Locale.ROOT);
        OpenBlasCore alias = ALIASES.get(lower);
        if (alias != null) {
            throw new IllegalArgumentException("'" + n + "' is an alias: OpenBLAS runs the " + alias.openblasName
                    + " kernels for it on x86_64 and reports " + alias.openblasName + "; use " + alias.openblasName);
        }
        if (lower.equals("sapphirerapids")) {
            throw new IllegalArgumentException("OpenBLAS 0.3.31 does not accept SapphireRapids in "
                    + ENVIRONMENT_VARIABLE + " (it detects the CPU instead); use Cooperlake");
        }
        throw new IllegalArgumentException("'" + n + "' is not an OpenBLAS x86_64 kernel set");
    }

    /** "Prescott | Core2 | ... | Cooperlake". */
    public static String allowed() {
        return Arrays.stream(values()).map(OpenBlasCore::openblasName).collect(Collectors.joining(" | "));
    }

    /** Aliases (lower case) with the set each selects, for tests and documentation. */
    static Map<String, OpenBlasCore> aliases() {
        return ALIASES;
    }

    @Override
    public String toString() {
        return openblasName;
    }
}
