package io.fedspark.math.io;

import io.fedspark.math.Choice;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.OptimizerKind;
import io.fedspark.math.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The fedspark model file: a model's spec, its flat parameters and optionally its optimizer
 * state, in a compact binary format with a checksum.
 *
 * <h2>Format, version 1</h2>
 * All integers and floats are <b>little-endian</b>; floats are IEEE 754 binary32 bit patterns
 * (NaN payloads and signed zeros preserved), doubles binary64. A {@code string} is a u32 byte
 * length followed by that many bytes of UTF-8.
 * <pre>
 * offset   size  field
 * 0        8     magic: 0x89 'F' 'S' 'M' 'O' 'D' 'E' 'L'  (89 46 53 4D 4F 44 45 4C)
 * 8        4     u32 format version = 1
 * 12       8     i64 payload length P, 0 &lt;= P &lt;= 2^31 - 9
 * 20       P     payload:
 *                  string  model spec, ModelSpec.toString(), e.g. "mlp:784-200-10"
 *                  u32     parameter count N (must equal the spec's parameter count)
 *                  N x f32 parameters, in the model's flat layout
 *                  u8      1 if an optimizer state follows, else 0
 *                  optimizer state, if present:
 *                    string  kind, OptimizerKind.specName(), e.g. "adamw"
 *                    i64     step count
 *                    string  learning-rate schedule, LearningRateSchedule.toString()
 *                    u32 H, then H x (string name, f64 value)    hyperparameters, sorted by name
 *                    u32 A, then A x (string name, u32 N, N x f32) state arrays, sorted by name
 * 20 + P   4     u32 CRC32 (ISO-HDLC/zlib polynomial, java.util.zip.CRC32) of the P payload bytes
 * 24 + P         end of file: nothing may follow
 * </pre>
 * The payload length comes first so that a truncated file is recognised as such (naming the
 * offset where it ends) before anything is parsed, and the checksum is verified before any
 * payload field is trusted, so that a flipped bit is reported as corruption rather than as a
 * nonsensical field. The spec is stored as text and read back with {@link ModelSpec#parse}: the
 * file format does not change when new model kinds are added. Writing the same model and state
 * twice gives identical bytes.
 *
 * <p>Reading holds the payload in memory once (models up to about 536 million parameters).
 * {@link #write(Path, ModelSpec, float[], OptimizerState)} writes to a temporary sibling and
 * renames it, so that a crash never leaves a half-written file under the final name.
 */
public final class ModelFile {

    /** The 8 magic bytes at offset 0. */
    static final byte[] MAGIC = {(byte) 0x89, 'F', 'S', 'M', 'O', 'D', 'E', 'L'};
    /** The format version this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 20;
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private ModelFile() {
    }

    /**
     * Writes a model file to {@code out} (flushed, not closed).
     *
     * @param optimizerState the state to save with the model, or null
     * @throws IllegalArgumentException if {@code params} does not have the spec's parameter count,
     *     an optimizer array does not have one element per parameter, or the file would exceed
     *     the format's payload limit
     */
    public static void write(OutputStream out, ModelSpec spec, float[] params, OptimizerState optimizerState)
            throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(params, "params");
        String specText = spec.toString();
        if (params.length != spec.parameterCount()) {
            throw new IllegalArgumentException("model file: spec " + specText + " needs " + spec.parameterCount()
                    + " parameters but params has " + params.length);
        }
        long size = PayloadWriter.sizeOf(specText) + 4 + 4L * params.length + 1;
        if (optimizerState != null) {
            size += optimizerStateSize(optimizerState, params.length);
        }
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("model file: the payload would be " + size + " bytes, more than the "
                    + MAX_PAYLOAD + " format version " + FORMAT_VERSION + " allows");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(FORMAT_VERSION).putLong(size);
        out.write(header.array());

        PayloadWriter w = new PayloadWriter(out);
        w.string(specText);
        w.u32(params.length);
        w.floats(params);
        w.u8(optimizerState == null ? 0 : 1);
        if (optimizerState != null) {
            writeOptimizerState(w, optimizerState);
        }
        long crc = w.finish();
        if (w.written() != size) {
            throw new IllegalStateException("model file: wrote " + w.written() + " payload bytes but announced "
                    + size + " (a bug in ModelFile)");
        }
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc).array());
        out.flush();
    }

    /** Payload bytes of an optimizer state; checks that every array has one element per parameter. */
    private static long optimizerStateSize(OptimizerState s, int parameters) {
        long size = PayloadWriter.sizeOf(s.kind().configName()) + 8 + PayloadWriter.sizeOf(s.schedule().toString()) + 4;
        for (String name : s.hyperparameters().keySet()) {
            size += PayloadWriter.sizeOf(name) + 8;
        }
        size += 4;
        for (String name : s.arrayNames()) {
            int length = s.arrayLength(name);
            if (length != parameters) {
                throw new IllegalArgumentException("model file: optimizer array " + name + " has " + length
                        + " floats but the model has " + parameters + " parameters");
            }
            size += PayloadWriter.sizeOf(name) + 4 + 4L * length;
        }
        return size;
    }

    private static void writeOptimizerState(PayloadWriter w, OptimizerState s) throws IOException {
        w.string(s.kind().configName());
        w.i64(s.step());
        w.string(s.schedule().toString());
        w.u32(s.hyperparameters().size());
        for (Map.Entry<String, Double> e : s.hyperparameters().entrySet()) { // sorted by name
            w.string(e.getKey());
            w.f64(e.getValue());
        }
        Map<String, float[]> arrays = s.arrays(); // sorted by name
        w.u32(arrays.size());
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            w.string(e.getKey());
            w.u32(e.getValue().length);
            w.floats(e.getValue());
        }
    }

    /**
     * Writes a model file to {@code file} through a temporary sibling that is renamed into place
     * (atomically where the file system supports it).
     */
    public static void write(Path file, ModelSpec spec, float[] params, OptimizerState optimizerState)
            throws IOException {
        Path target = file.toAbsolutePath();
        // Not Files.createTempFile: its 0600 permissions would carry over to the renamed model file.
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE), 1 << 16)) {
                write(out, spec, params, optimizerState);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads the model file {@code file}; messages name it by its file name. */
    public static SavedModel read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.getFileName().toString());
        }
    }

    /**
     * Reads a whole model file from {@code in} (up to its end; not closed).
     *
     * @param sourceName how error messages name the file, e.g. {@code "x.bin"} or a URI
     * @throws ModelFileException if it is not a model file, has another format version, is
     *     truncated, fails its checksum, or is inconsistent; the message names the source, the
     *     offset or field, and what was expected
     */
    public static SavedModel read(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        String src = Objects.requireNonNull(sourceName, "sourceName");
        byte[] header = in.readNBytes(HEADER_BYTES);
        int magicSeen = Math.min(header.length, MAGIC.length);
        if (!Arrays.equals(header, 0, magicSeen, MAGIC, 0, magicSeen) || header.length == 0) {
            throw new ModelFileException("model file " + src + " is not a fedspark model file: it starts with "
                    + hex(header, 0, magicSeen) + ", expected the magic bytes " + hex(MAGIC, 0, MAGIC.length));
        }
        if (header.length < HEADER_BYTES) {
            throw new ModelFileException("model file " + src + " is truncated at offset " + header.length
                    + ": the header needs " + HEADER_BYTES + " bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(8);
        if (version != FORMAT_VERSION) {
            throw new ModelFileException("model file " + src + " has format version " + Integer.toUnsignedString(version)
                    + " but this build reads only version " + FORMAT_VERSION);
        }
        long size = h.getLong(12);
        if (size < 0 || size > MAX_PAYLOAD) {
            throw new ModelFileException("model file " + src + ": the header's payload length " + size
                    + " at offset 12 is out of range (expected 0 to " + MAX_PAYLOAD + "); the header is corrupt");
        }
        byte[] payload = in.readNBytes((int) size);
        if (payload.length < size) {
            throw new ModelFileException("model file " + src + " is truncated at offset " + (HEADER_BYTES + payload.length)
                    + ": the header announces " + size + " payload bytes and a 4-byte CRC32, which end at offset "
                    + (HEADER_BYTES + size + 4));
        }
        byte[] crcBytes = in.readNBytes(4);
        if (crcBytes.length < 4) {
            throw new ModelFileException("model file " + src + " is truncated at offset "
                    + (HEADER_BYTES + size + crcBytes.length) + ": the 4-byte CRC32 after the payload ends at offset "
                    + (HEADER_BYTES + size + 4));
        }
        if (in.read() >= 0) {
            throw new ModelFileException("model file " + src + " has unexpected bytes at offset " + (HEADER_BYTES + size + 4)
                    + ", after its CRC32; expected the end of the file");
        }
        long stored = ByteBuffer.wrap(crcBytes).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != stored) {
            throw new ModelFileException(String.format(Locale.ROOT, "model file %s is corrupt: the CRC32 of"
                    + " its %d payload bytes (offsets %d to %d) is 0x%08x but the file records 0x%08x at offset %d",
                    src, size, HEADER_BYTES, HEADER_BYTES + size, crc.getValue(), stored, HEADER_BYTES + size));
        }
        return parsePayload(new PayloadReader(payload, HEADER_BYTES, src), src);
    }

    private static SavedModel parsePayload(PayloadReader r, String src) throws ModelFileException {
        String specText = r.string("the model spec");
        ModelSpec spec;
        try {
            spec = ModelSpec.parse(specText);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file " + src + ": its spec '" + specText
                    + "' is not a model spec this build knows: " + e.getMessage(), e);
        }
        int count = r.count("the parameter count");
        if (count != spec.parameterCount()) {
            throw new ModelFileException("model file " + src + ": spec " + spec + " needs " + spec.parameterCount()
                    + " parameters but the file holds " + count);
        }
        float[] params = r.floats(count, "the parameters");
        long flagAt = r.offset();
        int flag = r.u8("the optimizer-state flag");
        OptimizerState state = null;
        if (flag == 1) {
            state = readOptimizerState(r, src, count);
        } else if (flag != 0) {
            throw new ModelFileException("model file " + src + ": the optimizer-state flag at offset " + flagAt
                    + " is " + flag + ", expected 0 or 1");
        }
        if (r.remaining() != 0) {
            throw new ModelFileException("model file " + src + ": " + r.remaining() + " unexpected bytes at offset "
                    + r.offset() + ", after the last field of the payload");
        }
        return new SavedModel(spec, params, Optional.ofNullable(state));
    }

    private static OptimizerState readOptimizerState(PayloadReader r, String src, int parameters)
            throws ModelFileException {
        long at = r.offset();
        try {
            OptimizerKind kind = Choice.parse(OptimizerKind.class, r.string("the optimizer kind"), "optimizer kind");
            long step = r.i64("the optimizer step count");
            LearningRateSchedule schedule = LearningRateSchedule.parse(r.string("the learning-rate schedule"));
            int h = r.count("the hyperparameter count");
            Map<String, Double> hyper = new TreeMap<>();
            for (int i = 0; i < h; i++) {
                String name = r.string("a hyperparameter name");
                hyper.put(name, r.f64("hyperparameter " + name));
            }
            int a = r.count("the optimizer array count");
            Map<String, float[]> arrays = new TreeMap<>();
            for (int i = 0; i < a; i++) {
                String name = r.string("an optimizer array name");
                int length = r.count("the length of optimizer array " + name);
                if (length != parameters) {
                    throw new ModelFileException("model file " + src + ": optimizer array " + name + " has " + length
                            + " floats but the model has " + parameters + " parameters");
                }
                arrays.put(name, r.floats(length, "optimizer array " + name));
            }
            return new OptimizerState(kind, step, hyper, schedule, arrays);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file " + src + ": the optimizer state at offset " + at
                    + " is invalid: " + e.getMessage(), e);
        }
    }

    private static String hex(byte[] b, int from, int to) {
        if (to <= from) {
            return "nothing (the file is empty)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(i == from ? "" : " ").append(String.format(Locale.ROOT, "%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
