package dev.registry.node.storage;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The snapshot file layout.
 *
 * <pre>
 * file   = header body footer
 * header = magic:int32 "RGSN" | version:int32 (1) | coversUpTo:int64 | crc32c(previous 16 bytes):int32
 *          | reserved:int32 (0)                                              -- 24 bytes, big-endian
 * body   = opaque bytes from the node's writer
 * footer = bodyLength:int64 | crc32c(body):int32 | magic:int32 "RGSE"        -- 16 bytes
 * </pre>
 * The footer comes last so the body can be streamed without knowing its size in advance.
 */
final class SnapshotFormat {

    static final int MAGIC = 0x5247534E;
    static final int END_MAGIC = 0x52475345;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int FOOTER_BYTES = 16;

    private SnapshotFormat() {
    }

    static byte[] header(long coversUpTo) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(VERSION).putLong(coversUpTo);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue()).putInt(0);
        return header.array();
    }

    /** True when the header is intact, of this version and names {@code coversUpTo}. */
    static boolean headerValid(byte[] header, long coversUpTo) {
        if (header.length != HEADER_BYTES) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 16);
        return buffer.getInt(0) == MAGIC && buffer.getInt(4) == VERSION && buffer.getLong(8) == coversUpTo
                && buffer.getInt(16) == (int) crc.getValue();
    }

    static byte[] footer(long bodyLength, int bodyCrc) {
        return ByteBuffer.allocate(FOOTER_BYTES).putLong(bodyLength).putInt(bodyCrc).putInt(END_MAGIC).array();
    }

    /** Counts and checksums what passes through; closing it does not close the file underneath. */
    static final class CheckedOut extends FilterOutputStream {

        private final CRC32C crc = new CRC32C();
        private long count;

        CheckedOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            crc.update(bytes, offset, length);
            count += length;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        long count() {
            return count;
        }

        int crc() {
            return (int) crc.getValue();
        }
    }

    /**
     * Yields exactly {@code length} body bytes and, on reaching their end, compares their CRC with the
     * footer's. Closing it does not close the file underneath.
     */
    static final class CheckedIn extends FilterInputStream {

        private final CRC32C crc = new CRC32C();
        private final int expectedCrc;
        private final String name;
        private long remaining;

        CheckedIn(InputStream in, long length, int expectedCrc, String name) {
            super(in);
            this.remaining = length;
            this.expectedCrc = expectedCrc;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (remaining == 0) {
                verify();
                return -1;
            }
            int n = in.read(bytes, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new StorageCorruptionException("snapshot " + name + " is shorter than its footer says");
            }
            crc.update(bytes, offset, n);
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int got = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (got < 0) {
                    break;
                }
                skipped += got;
            }
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the owner closes the file
        }

        private void verify() throws StorageCorruptionException {
            if ((int) crc.getValue() != expectedCrc) {
                throw new StorageCorruptionException("snapshot " + name + " fails its CRC check");
            }
        }
    }
}
