package io.fedspark.math.blas;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The backend is chosen once per JVM. Most cases run on fresh {@link BackendSelection} instances
 * (with an injected native loader) so that they do not depend on, or change, the JVM-wide choice.
 */
class MathRuntimeTest {

    private static final IntFunction<OpenBlas> BROKEN = threads -> {
        throw new IllegalStateException("native OpenBLAS could not be loaded: java.lang.UnsatisfiedLinkError: no jniopenblas",
                new UnsatisfiedLinkError("no jniopenblas in java.library.path"));
    };

    @Test
    void nativeOpenBlasLoadsOnThisMachine() {
        OpenBlas blas = OpenBlas.load(1);
        assertEquals(1, blas.threads());
        assertTrue(blas.version().startsWith("0.3."), blas.version());
        assertTrue(blas.description().startsWith("native OpenBLAS 0.3.31 (javacpp 1.5.13, core "), blas.description());
    }

    @Test
    void jvmWideRuntimeUsesNativeAndRefusesADifferentBackendLater() {
        if (System.getProperty(MathRuntime.BACKEND_PROPERTY) == null) {
            // nothing presets it, and OpenBLAS loads here: AUTO must have picked native
            assertEquals(MathBackend.NATIVE, MathRuntime.backend(), MathRuntime.description());
            assertTrue(MathRuntime.description().startsWith("native OpenBLAS"), MathRuntime.description());
        }
        Blas chosen = MathRuntime.blas();
        assertTrue(MathRuntime.isConfigured());
        assertSame(chosen, MathRuntime.configure(MathBackend.AUTO, 1), "same values again: a no-op");
        MathBackend other = MathRuntime.backend() == MathBackend.NATIVE ? MathBackend.JAVA : MathBackend.NATIVE;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MathRuntime.configure(other, 1));
        assertTrue(e.getMessage().contains("chosen once per JVM"), e.getMessage());
        assertSame(chosen, MathRuntime.blas(), "a refused configure must not change the backend");
    }

    @Test
    void configureIsIdempotentForTheSameValuesAndRefusesOthers() {
        BackendSelection s = new BackendSelection(null, OpenBlas::load);
        Blas first = s.configure(MathBackend.JAVA, 1, "test");
        assertSame(first, s.configure(MathBackend.JAVA, 1, "again"));
        assertEquals("java (requested)", s.description());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.configure(MathBackend.NATIVE, 1, "MathRuntime.configure(NATIVE, 1)"));
        assertEquals("the math backend is chosen once per JVM: it is already JAVA with 1 BLAS thread(s) (set by test,"
                + " using java (requested)), so MathRuntime.configure(NATIVE, 1) (NATIVE, 1 thread(s)) cannot change it;"
                + " configure every JVM once at startup with the same values", e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.configure(MathBackend.JAVA, 2, "two threads"));
        assertSame(JavaBlas.instance(), s.blas());
    }

    @Test
    void firstUseChoosesAutoWithOneThread() {
        AtomicInteger loads = new AtomicInteger();
        BackendSelection s = new BackendSelection(null, threads -> {
            loads.incrementAndGet();
            assertEquals(1, threads);
            return OpenBlas.load(threads);
        });
        assertFalse(s.isConfigured());
        Blas blas = s.blas();
        assertEquals(MathBackend.NATIVE, s.resolved());
        assertSame(blas, s.configure(MathBackend.AUTO, 1, "later explicit call with the default values"));
        assertThrows(IllegalStateException.class, () -> s.configure(MathBackend.AUTO, 2, "more threads"));
        assertEquals(1, loads.get(), "native code is loaded once");
    }

    @Test
    void autoFallsBackToJavaWithTheReasonWhenNativeFailsToLoad() {
        BackendSelection s = new BackendSelection(null, BROKEN);
        Blas blas = s.configure(MathBackend.AUTO, 1, "test");
        assertSame(JavaBlas.instance(), blas);
        assertEquals(MathBackend.JAVA, s.resolved());
        assertEquals("java (fallback: java.lang.UnsatisfiedLinkError: no jniopenblas in java.library.path)",
                s.description());
    }

    @Test
    void nativeFailsHardWithTheLoadError() {
        BackendSelection s = new BackendSelection(null, BROKEN);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.configure(MathBackend.NATIVE, 1, "test"));
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError, String.valueOf(e.getCause()));
        assertFalse(s.isConfigured(), "a failed NATIVE request chooses nothing");
    }

    @Test
    void systemPropertyPresetsTheBackend() {
        BackendSelection s = new BackendSelection("java", BROKEN);
        assertSame(JavaBlas.instance(), s.configure(MathBackend.AUTO, 1, "job config says auto"));
        assertEquals("java (preset by -Dfedspark.math.backend=java)", s.description());
        assertSame(JavaBlas.instance(), s.configure(MathBackend.JAVA, 1, "explicit java agrees"));

        BackendSelection t = new BackendSelection("JAVA", BROKEN);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.configure(MathBackend.NATIVE, 1, "MathRuntime.configure(NATIVE, 1)"));
        assertEquals("MathRuntime.configure(NATIVE, 1) asks for NATIVE but -Dfedspark.math.backend=JAVA presets JAVA;"
                + " remove one of them", e.getMessage());

        BackendSelection bad = new BackendSelection("gpu", BROKEN);
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, bad::blas);
        assertEquals("system property fedspark.math.backend = 'gpu': expected one of native | java | auto", b.getMessage());
    }

    @Test
    void threadCountMustBePositive() {
        BackendSelection s = new BackendSelection(null, BROKEN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.configure(MathBackend.JAVA, 0, "test"));
        assertEquals("BLAS threads is 0, expected at least 1", e.getMessage());
    }

    @Test
    void backendNamesParseFromConfiguration() {
        assertEquals(MathBackend.NATIVE, Choice.parse(MathBackend.class, " Native ", "math.backend"));
        assertEquals("auto", MathBackend.AUTO.configName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Choice.parse(MathBackend.class, "cuda", "math.backend"));
        assertEquals("math.backend = 'cuda': expected one of native | java | auto", e.getMessage());
    }
}
