package io.fedspark.math.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the little-endian fields of a model file's payload (already in memory and checksummed),
 * refusing to read past its end and naming the field and its absolute file offset when it would.
 */
final class PayloadReader {

    private final ByteBuffer buffer;
    private final long fileOffset;
    private final String source;

    PayloadReader(byte[] payload, long fileOffset, String source) {
        this.buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        this.fileOffset = fileOffset;
        this.source = source;
    }

    /** The absolute file offset of the next byte. */
    long offset() {
        return fileOffset + buffer.position();
    }

    int remaining() {
        return buffer.remaining();
    }

    private void need(long bytes, String field) throws ModelFileException {
        if (bytes > buffer.remaining()) {
            throw new ModelFileException("model file " + source + ": malformed payload at offset " + offset() + ": "
                    + field + " needs " + bytes + " bytes but the payload has " + buffer.remaining() + " left");
        }
    }

    int u8(String field) throws ModelFileException {
        need(1, field);
        return buffer.get() & 0xFF;
    }

    /** An unsigned 32-bit count that must fit in an int. */
    int count(String field) throws ModelFileException {
        need(4, field);
        long at = offset();
        int v = buffer.getInt();
        if (v < 0) {
            throw new ModelFileException("model file " + source + ": " + field + " at offset " + at + " is "
                    + Integer.toUnsignedString(v) + ", more than a Java array can hold");
        }
        return v;
    }

    long i64(String field) throws ModelFileException {
        need(8, field);
        return buffer.getLong();
    }

    double f64(String field) throws ModelFileException {
        need(8, field);
        return Double.longBitsToDouble(buffer.getLong());
    }

    String string(String field) throws ModelFileException {
        int length = count(field + " length");
        need(length, field);
        long at = offset();
        ByteBuffer bytes = buffer.slice();
        bytes.limit(length);
        buffer.position(buffer.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFileException("model file " + source + ": " + field + " at offset " + at
                    + " is not valid UTF-8", e);
        }
    }

    float[] floats(int count, String field) throws ModelFileException {
        need(4L * count, field);
        float[] v = new float[count];
        buffer.asFloatBuffer().get(v);
        buffer.position(buffer.position() + 4 * count);
        return v;
    }
}
