package io.fedspark.math.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fallback in JVMs of their own (the binding loads once per JVM): without the GC-locker
 * options, or when {@code dev.ludovic.netlib.blas.nativeLibPath} already names another library,
 * the native backend stages its operands, says why, and still computes the same product.
 */
class PinnedArrayFallbackTest {

    /** Entry point of the child JVM: prints the backend description and the result of a small gemm. */
    public static void main(String[] args) {
        OpenBlas blas = OpenBlas.load(1);
        System.out.println(blas.description());
        System.out.println("pins " + blas.pinsArrays());
        FloatMatrix a = FloatMatrix.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        FloatMatrix b = FloatMatrix.wrap(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        FloatMatrix c = new FloatMatrix(2, 2);
        blas.gemm(false, false, 1f, a, b, 0f, c);
        System.out.println("product " + java.util.Arrays.toString(c.toArray()));
    }

    @Test
    void aJvmWithoutTheGcLockerOptionsStagesOperandsAndSaysWhy() throws IOException, InterruptedException {
        String out = runChild(List.of());
        assertTrue(out.contains(", operands staged, because this JVM has GCLockerRetryAllocationCount not set (default 2): pinned"
                + " arrays could make other threads' allocations fail with OutOfMemoryError; start it with "
                + PinnedArrayBlas.JVM_OPTIONS), out);
        assertTrue(out.contains("pins false"), out);
        assertTrue(out.contains("product [4.0, 5.0, 10.0, 11.0]"), out);
        out = runChild(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:GCLockerRetryAllocationCount=100"));
        assertTrue(out.contains(", arrays pinned") && out.contains("pins true"), out);
        assertTrue(out.contains("product [4.0, 5.0, 10.0, 11.0]"), out);
    }

    private static String runChild(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PinnedArrayFallbackTest.class.getName()));
        Path log = java.nio.file.Files.createTempFile("pinned-fallback", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the child JVM did not exit within 60 s:\n" + out);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    @Test
    void anotherLibraryInThePropertyMeansStagedOperandsWithTheReason() throws IOException, InterruptedException {
        String out = runChild(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:GCLockerRetryAllocationCount=100",
                "-Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/libblas.so.3"));
        assertTrue(out.contains(", operands staged, because dev.ludovic.netlib.blas.nativeLibPath is already set to"
                + " /usr/lib/libblas.so.3, not to /"), out);
        assertTrue(out.contains("pins false"), out);
        assertTrue(out.contains("product [4.0, 5.0, 10.0, 11.0]"), out);
    }
}
