package io.fedspark.math.blas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The instruction-set flags of this machine's CPU as Linux reports them (the {@code flags} line of
 * {@code /proc/cpuinfo}, e.g. {@code avx2}, {@code avx512f}), to tell whether it can run an
 * {@link OpenBlasCore} before OpenBLAS is made to use it.
 */
public final class CpuFlags {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Optional<Set<String>> THIS_MACHINE = read(CPUINFO);

    private CpuFlags() {
    }

    /** This machine's flags; empty where {@code /proc/cpuinfo} is missing or has no flags line (not Linux/x86). */
    public static Optional<Set<String>> ofThisMachine() {
        return THIS_MACHINE;
    }

    static Optional<Set<String>> read(Path cpuinfo) {
        try {
            return parse(Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The flags of the first {@code flags : ...} line (every core of a machine has the same). */
    static Optional<Set<String>> parse(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return Optional.of(Set.of(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
        return Optional.empty();
    }
}
