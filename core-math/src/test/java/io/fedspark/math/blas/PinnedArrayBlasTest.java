package io.fedspark.math.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

class PinnedArrayBlasTest {

    private static final String OURS = "/cache/openblas/libopenblas_nolapack.so.0";

    @Test
    void bindsToTheOpenBlasFileJavaCppLoadedFirst() {
        OpenBlas blas = OpenBlas.load(1);
        assertTrue(blas.pinsArrays(), blas.description());
        assertTrue(blas.description().endsWith(", arrays pinned"), blas.description());
        String path = PinnedArrayBlas.load().blas().libraryPath();
        // the file cblas_sgemm and openblas_set_num_threads bind to, so both paths share the thread count
        assertEquals(Loader.getLoadedLibraries().get("openblas_nolapack@.0"), path);
        assertEquals(path, System.getProperty(PinnedArrayBlas.LIBRARY_PATH_PROPERTY));
    }

    @Test
    void prefersTheNoLapackFileAndFallsBackToTheFullOne() {
        assertEquals("/a/libopenblas_nolapack.so.0", PinnedArrayBlas.openBlasPath(
                Map.of("openblas@.0", "/a/libopenblas.so.0", "openblas_nolapack@.0", "/a/libopenblas_nolapack.so.0")));
        assertEquals("/a/libopenblas.so.0", PinnedArrayBlas.openBlasPath(Map.of("openblas@.0", "/a/libopenblas.so.0")));
        assertNull(PinnedArrayBlas.openBlasPath(Map.of("jnijavacpp", "/a/libjnijavacpp.so")));
    }

    @Test
    void refusesWhenTheBindingCouldCallAnotherLibrary() {
        assertNull(PinnedArrayBlas.conflict(OURS, null, "7f00 r-xp /usr/lib/libc.so.6\n"));
        assertNull(PinnedArrayBlas.conflict(OURS, OURS, "7f00 r-xp /tmp/libnetlibblasjni.so123\n"));
        assertEquals("JavaCPP has not loaded an OpenBLAS library file", PinnedArrayBlas.conflict(null, null, ""));
        assertEquals(PinnedArrayBlas.LIBRARY_PATH_PROPERTY + " is already set to /usr/lib/libblas.so.3, not to " + OURS,
                PinnedArrayBlas.conflict(OURS, "/usr/lib/libblas.so.3", ""));
        String mapped = PinnedArrayBlas.conflict(OURS, null, "7f00 r-xp /tmp/libnetlibblasjni.so4242\n");
        assertTrue(mapped != null && mapped.contains("already loaded by another component"), mapped);
    }

    @Test
    void pinsOnlyWhereTheGcLockerCannotFailAllocations() {
        // JDK 17 default (the diagnostic option not unlocked, so not visible): 2 retries
        String risk = PinnedArrayBlas.gcLockerRisk(17, true, null);
        assertTrue(risk != null && risk.startsWith("this JVM has GCLockerRetryAllocationCount not set (default 2):")
                && risk.contains(PinnedArrayBlas.JVM_OPTIONS), risk);
        assertTrue(PinnedArrayBlas.gcLockerRisk(17, true, 99L).contains("= 99:"));
        assertNull(PinnedArrayBlas.gcLockerRisk(17, true, 100L));
        assertNull(PinnedArrayBlas.gcLockerRisk(22, true, null), "G1 pins regions from JDK 22 (JEP 423)");
        assertTrue(PinnedArrayBlas.gcLockerRisk(22, false, null) != null, "other collectors still lock");
        // the test JVMs run with the options (pom.xml jni.pinning.opts), so this one pins
        assertTrue(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:GCLockerRetryAllocationCount=100"));
    }
}
