package io.fedspark.math.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedspark.math.FloatMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel-set names against the bundled OpenBLAS itself: a JVM of its own per name (OpenBLAS
 * reads OPENBLAS_CORETYPE once, when it loads) reports which set it runs.
 */
class OpenBlasCoreTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    /**
     * Entry point of the child JVM: prints the kernel set OpenBLAS loaded with and, with the argument
     * {@code gemm}, the bits of a 10 x 64 by 64 x 32 product (an MLP layer on a batch of 10).
     */
    public static void main(String[] args) {
        OpenBlas blas = OpenBlas.loadStaged(1);
        System.out.println("core " + blas.coreName());
        if (args.length > 0 && args[0].equals("gemm")) {
            FloatMatrix a = new FloatMatrix(10, 64);
            FloatMatrix b = new FloatMatrix(64, 32);
            for (int i = 0; i < a.size(); i++) {
                a.data()[i] = (float) Math.sin(i * 0.37) / 3f;
            }
            for (int i = 0; i < b.size(); i++) {
                b.data()[i] = (float) Math.cos(i * 0.11) / 7f;
            }
            FloatMatrix c = new FloatMatrix(10, 32);
            blas.gemm(false, false, 1f, a, b, 0f, c);
            int[] bits = new int[c.size()];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = Float.floatToRawIntBits(c.data()[i]);
            }
            System.out.println("gemm " + Arrays.hashCode(bits));
        }
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void everyAcceptedNameLoadsAsItselfAndEveryAliasAsItsSet() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (OpenBlasCore c : OpenBlasCore.values()) {
            expected.put(c.openblasName(), c.openblasName());
        }
        OpenBlasCore.aliases().forEach((alias, core) -> expected.put(alias, core.openblasName()));
        Map<String, Future<String>> reported = new LinkedHashMap<>();
        expected.keySet().forEach(name -> reported.put(name, POOL.submit(() -> runChild(name, false))));
        List<String> wrong = new ArrayList<>();
        for (var e : expected.entrySet()) {
            String out = reported.get(e.getKey()).get(90, TimeUnit.SECONDS);
            if (!out.contains("core " + e.getValue() + "\n")) {
                wrong.add("OPENBLAS_CORETYPE=" + e.getKey() + " expected core " + e.getValue() + ", got: " + out.strip());
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(25, expected.size(), "13 kernel sets and 12 aliases: the x86_64 corename table without SapphireRapids");
    }

    @Test
    void namesAreReadInAnyCaseAndAliasesAndUnknownNamesAreRefusedWithTheList() {
        assertEquals(OpenBlasCore.HASWELL, OpenBlasCore.named("haswell"));
        assertEquals(OpenBlasCore.SKYLAKEX, OpenBlasCore.named(" SKYLAKEX "));
        assertEquals(OpenBlasCore.COOPERLAKE, OpenBlasCore.reportedAs("Cooperlake").orElseThrow());
        assertTrue(OpenBlasCore.reportedAs("cooperlake").isEmpty(), "reports are matched exactly");
        IllegalArgumentException alias = assertThrows(IllegalArgumentException.class, () -> OpenBlasCore.named("Penryn"));
        assertEquals("'Penryn' is an alias: OpenBLAS runs the Core2 kernels for it on x86_64 and reports Core2; use Core2",
                alias.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> OpenBlasCore.named("Haswel"));
        assertEquals("'Haswel' is not an OpenBLAS x86_64 kernel set", typo.getMessage());
        assertEquals("Prescott | Core2 | Nehalem | Barcelona | Sandybridge | Bulldozer | Piledriver | Haswell | Steamroller"
                + " | Excavator | Zen | SkylakeX | Cooperlake", OpenBlasCore.allowed());
        IllegalArgumentException spr = assertThrows(IllegalArgumentException.class, () -> OpenBlasCore.named("SapphireRapids"));
        assertTrue(spr.getMessage().startsWith("OpenBLAS 0.3.31 does not accept SapphireRapids in OPENBLAS_CORETYPE"),
                spr.getMessage());
    }

    @Test
    void thePolicyIsWrittenAsAutoStrictOrTheSetsName() {
        assertEquals(OpenBlasCorePolicy.AUTO, OpenBlasCorePolicy.parse(" AUTO "));
        assertEquals(OpenBlasCorePolicy.STRICT, OpenBlasCorePolicy.parse("strict"));
        OpenBlasCorePolicy pinned = OpenBlasCorePolicy.parse("skylakex");
        assertEquals(OpenBlasCorePolicy.pin(OpenBlasCore.SKYLAKEX), pinned);
        assertEquals("SkylakeX", pinned.toString());
        assertEquals("auto", OpenBlasCorePolicy.AUTO.toString());
        assertEquals("strict", OpenBlasCorePolicy.STRICT.toString());
        assertTrue(OpenBlasCorePolicy.STRICT.pinnedCore().isEmpty());
        assertEquals("'Skylake' is not an OpenBLAS x86_64 kernel set",
                assertThrows(IllegalArgumentException.class, () -> OpenBlasCorePolicy.parse("Skylake")).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new OpenBlasCorePolicy(OpenBlasCorePolicy.Mode.AUTO, OpenBlasCore.HASWELL));
        assertThrows(IllegalArgumentException.class, () -> new OpenBlasCorePolicy(OpenBlasCorePolicy.Mode.PINNED, null));
    }

    /** SapphireRapids is in OpenBLAS's table but the variable does not select it: the CPU is detected instead. */
    @Test
    void sapphireRapidsInTheVariableIsIgnored() throws Exception {
        String forced = runChild("SapphireRapids", false);
        String detected = runChild(null, false);
        assertEquals(detected.lines().filter(l -> l.startsWith("core ")).toList(),
                forced.lines().filter(l -> l.startsWith("core ")).toList(), forced);
    }

    /** Why kernels are pinned: two sets this CPU runs give different bits for the same product. */
    @Test
    void haswellAndSkylakeXKernelsGiveDifferentProducts() throws Exception {
        Set<String> flags = CpuFlags.ofThisMachine().orElse(Set.of());
        assumeTrue(OpenBlasCore.SKYLAKEX.missingFrom(flags).isEmpty(), "this CPU cannot run the SkylakeX kernels");
        String haswell = runChild("Haswell", true);
        String skylake = runChild("SkylakeX", true);
        assertTrue(haswell.contains("core Haswell") && skylake.contains("core SkylakeX"), haswell + skylake);
        assertEquals(runChild("Haswell", true), haswell, "the same kernel set gives the same bits");
        assertNotEquals(gemmLine(haswell), gemmLine(skylake));
    }

    @Test
    void missingFlagsAreListedSorted() {
        assertEquals(List.of("avx512_bf16", "avx512f", "avx512vl"),
                OpenBlasCore.COOPERLAKE.missingFrom(Set.of("avx", "avx2", "fma")));
        assertEquals(List.of(), OpenBlasCore.PRESCOTT.missingFrom(Set.of()));
        assertTrue(OpenBlasCore.allCpuFlags().containsAll(Set.of("avx", "avx2", "fma", "avx512f", "avx512vl", "avx512_bf16")));
    }

    @Test
    void cpuinfoFlagsComeFromTheFirstFlagsLine() {
        assertEquals(Set.of("fpu", "avx", "avx2"),
                CpuFlags.parse(List.of("processor\t: 0", "model name\t: X", "flags\t\t: fpu avx avx2", "flags : other")).orElseThrow());
        assertTrue(CpuFlags.parse(List.of("processor : 0")).isEmpty());
        assertTrue(CpuFlags.read(Path.of("/nonexistent/cpuinfo")).isEmpty());
    }

    @Test
    void theJavaBackendReportsTheJavaKernel() {
        BackendSelection s = new BackendSelection(null, OpenBlas::load);
        s.configure(MathBackend.JAVA, 1, "test");
        assertEquals(MathRuntime.JAVA_KERNEL, s.kernel());
        BackendSelection n = new BackendSelection(null, OpenBlas::load);
        n.configure(MathBackend.NATIVE, 1, "test");
        assertTrue(OpenBlasCore.reportedAs(n.kernel()).isPresent(), n.kernel());
    }

    private static String gemmLine(String out) {
        return out.lines().filter(l -> l.startsWith("gemm ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    /** Runs {@link #main} in a new JVM with OPENBLAS_CORETYPE set to {@code core} (unset if null). */
    private static String runChild(String core, boolean gemm) throws IOException, InterruptedException {
        // C1 only and the serial collector: the child loads a library and exits, so start-up is all it costs
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), OpenBlasCoreTest.class.getName()));
        if (gemm) {
            command.add("gemm");
        }
        Path log = Files.createTempFile("openblas-core", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove(OpenBlasCore.ENVIRONMENT_VARIABLE);
            if (core != null) {
                pb.environment().put(OpenBlasCore.ENVIRONMENT_VARIABLE, core);
            }
            Process p = pb.start();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the child JVM did not exit within 60 s:\n" + out);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
