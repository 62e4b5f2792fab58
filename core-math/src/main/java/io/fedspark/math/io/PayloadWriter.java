package io.fedspark.math.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes little-endian fields of a model file through a 64 KiB buffer, updating a CRC32 with the
 * payload bytes and counting them.
 */
final class PayloadWriter {

    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long written;

    PayloadWriter(OutputStream out) {
        this.out = out;
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain();
        }
    }

    /** Writes out the buffered bytes, adding them to the checksum. */
    private void drain() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        crc.update(buffer.array(), 0, n);
        out.write(buffer.array(), 0, n);
        written += n;
        buffer.clear();
    }

    void u8(int v) throws IOException {
        room(1);
        buffer.put((byte) v);
    }

    void u32(int v) throws IOException {
        room(4);
        buffer.putInt(v);
    }

    void i64(long v) throws IOException {
        room(8);
        buffer.putLong(v);
    }

    void f64(double v) throws IOException {
        room(8);
        buffer.putLong(Double.doubleToRawLongBits(v));
    }

    /** u32 byte length, then the UTF-8 bytes. */
    void string(String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        for (int i = 0; i < utf8.length; i += buffer.capacity()) {
            int n = Math.min(buffer.capacity(), utf8.length - i);
            room(n);
            buffer.put(utf8, i, n);
        }
    }

    /** The raw IEEE 754 bits of each float (NaN payloads included), 4 bytes each. */
    void floats(float[] v) throws IOException {
        int i = 0;
        while (i < v.length) {
            room(4);
            int n = Math.min(buffer.remaining() / 4, v.length - i);
            buffer.asFloatBuffer().put(v, i, n); // the view keeps the buffer's byte order and raw bits
            buffer.position(buffer.position() + 4 * n);
            i += n;
        }
    }

    /** Flushes the payload and returns its CRC32 and length; the writer is done after this. */
    long finish() throws IOException {
        drain();
        return crc.getValue();
    }

    long written() {
        return written + buffer.position();
    }

    /** UTF-8 length of a string field, including its u32 length prefix. */
    static long sizeOf(String s) {
        return 4L + s.getBytes(StandardCharsets.UTF_8).length;
    }
}
