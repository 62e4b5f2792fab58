package io.fedspark.math.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.AdamOptions;
import io.fedspark.math.optim.AdamW;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerKind;
import io.fedspark.math.optim.OptimizerState;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips bit for bit, one test per kind of damage (files generated in a {@code @TempDir}),
 * and a check of the documented layout by an independent writer ({@link #documentedLayout}).
 */
@Tag("line-independent")
class ModelFileTest {

    private static final ModelSpec LOGREG = ModelSpec.parse("logreg:784-10");
    private static final ModelSpec MLP = ModelSpec.parse("mlp:784-200-10");

    @TempDir
    Path dir;

    private static float[] params(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextGaussian();
        }
        return p;
    }

    /** Special values whose bits must survive: -0, infinities, a subnormal, NaNs with payloads. */
    private static float[] withSpecialValues(float[] p) {
        p[0] = -0f;
        p[1] = Float.POSITIVE_INFINITY;
        p[2] = Float.NEGATIVE_INFINITY;
        p[3] = Float.MIN_VALUE;
        p[4] = Float.intBitsToFloat(0x7FC01234); // quiet NaN with a payload
        p[5] = Float.intBitsToFloat(0xFFC00001); // negative quiet NaN
        return p;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private Path write(String name, ModelSpec spec, float[] p, OptimizerState s) throws IOException {
        Path file = dir.resolve(name);
        ModelFile.write(file, spec, p, s);
        return file;
    }

    private ModelFileException readFails(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return assertThrows(ModelFileException.class, () -> ModelFile.read(file));
    }

    @Test
    void roundTripIsBitIdentical() throws IOException {
        float[] p = withSpecialValues(params(MLP.parameterCount(), 1));
        Path file = write("m.bin", MLP, p, null);
        SavedModel m = ModelFile.read(file);
        assertEquals(MLP, m.spec());
        assertArrayEquals(bits(p), bits(m.parameters()));
        assertTrue(m.optimizerState().isEmpty());
        assertEquals(new SavedModel(MLP, p, java.util.Optional.empty()), m);
        // header 20 + spec (4 + 14) + count 4 + 4 N + flag 1 + CRC 4
        assertEquals(20 + 18 + 4 + 4L * p.length + 1 + 4, Files.size(file));
        byte[] again = Files.readAllBytes(write("again.bin", MLP, p, null));
        assertArrayEquals(Files.readAllBytes(file), again, "writing is deterministic");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.write(dir.resolve("plain.txt"), new byte[1]);
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
                    "the model file gets the usual permissions, not a temporary file's 0600");
        }
    }

    @Test
    void optimizerStateRoundTripsAndTrainingResumesBitForBit() throws IOException {
        int n = LOGREG.parameterCount();
        float[] p = params(n, 2);
        AdamW original = new AdamW(AdamOptions.adamWDefaults(), new LearningRateSchedule.LinearDecay(100, 1e-3));
        for (int s = 0; s < 3; s++) {
            original.step(p, params(n, 10 + s));
        }
        Path file = write("resume.bin", LOGREG, p, original.saveState());
        SavedModel m = ModelFile.read(file);
        assertEquals(original.saveState(), m.optimizerState().orElseThrow());
        Optimizer resumed = Optimizer.fromState(m.optimizerState().get());
        float[] q = m.parameters();
        for (int s = 3; s < 6; s++) {
            float[] g = params(n, 10 + s);
            original.step(p, g);
            resumed.step(q, g);
        }
        assertArrayEquals(bits(p), bits(q), "training resumed from the file continues bit for bit");
    }

    @Test
    void stateWithoutArraysRoundTrips() throws IOException {
        OptimizerState fresh = new Sgd(new SgdOptions(0.1f, 0.9f, 5e-4f, true),
                new LearningRateSchedule.InverseDecay(0.001, 0.75)).saveState();
        float[] p = params(LOGREG.parameterCount(), 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(out, LOGREG, p, fresh);
        SavedModel m = ModelFile.read(new ByteArrayInputStream(out.toByteArray()), "memory");
        assertEquals(fresh, m.optimizerState().orElseThrow());
    }

    @Test
    void documentedLayout() throws IOException {
        // an independent writer that follows only the class Javadoc must produce the same bytes
        float[] p = params(LOGREG.parameterCount(), 4);
        Sgd sgd = new Sgd(new SgdOptions(0.05f, 0.9f, 0f, false), new LearningRateSchedule.Cosine(10, 0.0));
        sgd.step(p, params(p.length, 5));
        OptimizerState s = sgd.saveState();
        byte[] expected = RawModelFile.build(1, "logreg:784-10", p, s);
        assertArrayEquals(expected, Files.readAllBytes(write("doc.bin", LOGREG, p, s)));
        assertEquals((byte) 0x89, expected[0]);
        assertEquals("FSMODEL", new String(expected, 1, 7, StandardCharsets.US_ASCII));
        assertEquals(1, expected[8], "little-endian version 1");
    }

    @Test
    void badMagic() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals("model file zip.bin is not a fedspark model file: it starts with 50 4B 03 04 14 00 00 00,"
                + " expected the magic bytes 89 46 53 4D 4F 44 45 4C", readFails("zip.bin", zip).getMessage());
        assertEquals("model file empty.bin is not a fedspark model file: it starts with nothing (the file is empty),"
                + " expected the magic bytes 89 46 53 4D 4F 44 45 4C", readFails("empty.bin", new byte[0]).getMessage());
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] good = Files.readAllBytes(write("v.bin", LOGREG, params(7850, 6), null));
        good[8] = 2;
        assertEquals("model file v2.bin has format version 2 but this build reads only version 1",
                readFails("v2.bin", good).getMessage());
    }

    @Test
    void truncatedFilesNameTheOffset() throws IOException {
        byte[] good = Files.readAllBytes(write("t.bin", LOGREG, params(7850, 7), null));
        int payload = good.length - 24;
        assertEquals("model file t5.bin is truncated at offset 5: the header needs 20 bytes",
                readFails("t5.bin", Arrays.copyOf(good, 5)).getMessage());
        assertEquals("model file t15.bin is truncated at offset 15: the header needs 20 bytes",
                readFails("t15.bin", Arrays.copyOf(good, 15)).getMessage());
        assertEquals("model file half.bin is truncated at offset 1000: the header announces " + payload
                        + " payload bytes and a 4-byte CRC32, which end at offset " + good.length,
                readFails("half.bin", Arrays.copyOf(good, 1000)).getMessage());
        assertEquals("model file crc.bin is truncated at offset " + (good.length - 2) + ": the 4-byte CRC32 after"
                        + " the payload ends at offset " + good.length,
                readFails("crc.bin", Arrays.copyOf(good, good.length - 2)).getMessage());
    }

    @Test
    void flippedBitIsACrcMismatch() throws IOException {
        byte[] good = Files.readAllBytes(write("c.bin", LOGREG, params(7850, 8), null));
        byte[] bad = good.clone();
        bad[5000] ^= 0x10; // inside the parameters
        String msg = readFails("flipped.bin", bad).getMessage();
        assertTrue(msg.startsWith("model file flipped.bin is corrupt: the CRC32 of its " + (good.length - 24)
                + " payload bytes (offsets 20 to " + (good.length - 4) + ") is 0x"), msg);
        assertTrue(msg.endsWith(" but the file records 0x" + String.format("%08x",
                ByteBuffer.wrap(good, good.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()) + " at offset "
                + (good.length - 4)), msg);
        byte[] badCount = good.clone();
        badCount[20 + 4 + 13] ^= 1; // the parameter count: still a CRC error, not a spec mismatch
        assertTrue(readFails("count.bin", badCount).getMessage().contains("is corrupt: the CRC32"));
    }

    @Test
    void parameterCountMustMatchTheSpec() throws IOException {
        byte[] file = RawModelFile.build(1, "mlp:784-200-10", params(7850, 9), null);
        assertEquals("model file x.bin: spec mlp:784-200-10 needs 159010 parameters but the file holds 7850",
                readFails("x.bin", file).getMessage());
    }

    @Test
    void unknownSpecIsNamed() throws IOException {
        byte[] file = RawModelFile.build(1, "resnet:18", new float[3], null);
        String msg = readFails("r.bin", file).getMessage();
        assertTrue(msg.startsWith("model file r.bin: its spec 'resnet:18' is not a model spec this build knows: "
                + "model spec 'resnet:18': unknown kind 'resnet'"), msg);
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(write("g.bin", LOGREG, params(7850, 10), null));
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertEquals("model file long.bin has unexpected bytes at offset " + good.length
                + ", after its CRC32; expected the end of the file", readFails("long.bin", longer).getMessage());
    }

    @Test
    void invalidOptimizerStateInsideAValidFileIsNamed() throws IOException {
        OptimizerState s = new OptimizerState(OptimizerKind.SGD, 1, Map.of("learningRate", 0.1),
                LearningRateSchedule.constant(), Map.of("velocity", new float[3]));
        byte[] file = RawModelFile.build(1, "logreg:2-2", new float[6], s);
        assertEquals("model file s.bin: optimizer array velocity has 3 floats but the model has 6 parameters",
                readFails("s.bin", file).getMessage());
        byte[] badKind = RawModelFile.build(1, "logreg:2-2", new float[6], null, raw -> {
            raw.string("rmsprop");
        });
        // header 20 + spec (4 + 10) + count 4 + 6 floats 24 + flag 1 = offset 63
        assertEquals("model file k.bin: the optimizer state at offset 63 is invalid: optimizer kind = 'rmsprop':"
                + " expected one of sgd | adam | adamw | signsgd", readFails("k.bin", badKind).getMessage());
    }

    @Test
    void writeRefusesInconsistentInput() {
        assertEquals("model file: spec logreg:784-10 needs 7850 parameters but params has 7849",
                assertThrows(IllegalArgumentException.class,
                        () -> ModelFile.write(new ByteArrayOutputStream(), LOGREG, new float[7849], null)).getMessage());
        OptimizerState s = new OptimizerState(OptimizerKind.SGD, 1, new SgdOptions(0.1f, 0.9f, 0f, false).hyperparameters(),
                LearningRateSchedule.constant(), Map.of("velocity", new float[5]));
        assertEquals("model file: optimizer array velocity has 5 floats but the model has 7850 parameters",
                assertThrows(IllegalArgumentException.class,
                        () -> ModelFile.write(new ByteArrayOutputStream(), LOGREG, new float[7850], s)).getMessage());
        assertFalse(dir.resolve("never.bin").toFile().exists());
    }

    /** Builds files from the documented layout only, with a correct CRC32, so that readers' checks after the CRC can be reached. */
    static final class RawModelFile {
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

        interface Extra {
            void write(RawModelFile raw);
        }

        static byte[] build(int version, String spec, float[] params, OptimizerState state) {
            return build(version, spec, params, state, null);
        }

        static byte[] build(int version, String spec, float[] params, OptimizerState state, Extra optimizerBytes) {
            RawModelFile raw = new RawModelFile();
            raw.string(spec);
            raw.le(4, params.length);
            for (float f : params) {
                raw.le(4, Float.floatToRawIntBits(f));
            }
            raw.payload.write(state != null || optimizerBytes != null ? 1 : 0);
            if (optimizerBytes != null) {
                optimizerBytes.write(raw);
            } else if (state != null) {
                raw.string(state.kind().configName());
                raw.le(8, state.step());
                raw.string(state.schedule().toString());
                raw.le(4, state.hyperparameters().size());
                state.hyperparameters().forEach((k, v) -> {
                    raw.string(k);
                    raw.le(8, Double.doubleToRawLongBits(v));
                });
                raw.le(4, state.arrayNames().size());
                state.arrays().forEach((k, v) -> {
                    raw.string(k);
                    raw.le(4, v.length);
                    for (float f : v) {
                        raw.le(4, Float.floatToRawIntBits(f));
                    }
                });
            }
            byte[] body = raw.payload.toByteArray();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes(new byte[] {(byte) 0x89, 'F', 'S', 'M', 'O', 'D', 'E', 'L'});
            RawModelFile header = new RawModelFile();
            header.le(4, version);
            header.le(8, body.length);
            file.writeBytes(header.payload.toByteArray());
            file.writeBytes(body);
            CRC32 crc = new CRC32();
            crc.update(body);
            RawModelFile tail = new RawModelFile();
            tail.le(4, crc.getValue());
            file.writeBytes(tail.payload.toByteArray());
            return file.toByteArray();
        }

        void le(int bytes, long v) {
            for (int i = 0; i < bytes; i++) {
                payload.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            le(4, utf8.length);
            payload.writeBytes(utf8);
        }
    }
}
