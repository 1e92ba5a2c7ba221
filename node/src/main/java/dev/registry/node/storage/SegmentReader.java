package dev.registry.node.storage;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment in order, checking each CRC. Used by recovery (which decides what a
 * bad record means) and by replay. Single-threaded; the caller has already validated the header.
 */
final class SegmentReader implements Closeable {

    /** What the next position of the file holds. */
    sealed interface Step permits Record, End, Bad {
    }

    /** A valid record; {@code endOffset} is the file offset just after it. */
    record Record(byte[] body, long endOffset) implements Step {
    }

    /** Clean end of file at a record boundary. */
    record End(long offset) implements Step {
    }

    /** An incomplete or damaged record starting at {@code offset}: torn tail or corruption. */
    record Bad(long offset, String reason) implements Step {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final DataInputStream in;
    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private long offset;

    private SegmentReader(DataInputStream in, int maxRecordBytes) {
        this.in = in;
        this.maxRecordBytes = maxRecordBytes;
        this.offset = RecordFormat.HEADER_BYTES;
    }

    /** Opens a segment positioned at its first record. */
    static SegmentReader open(Path file, int maxRecordBytes) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            raw.skipNBytes(RecordFormat.HEADER_BYTES);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        return new SegmentReader(new DataInputStream(new BufferedInputStream(raw, BUFFER_BYTES)), maxRecordBytes);
    }

    /** Reads the first {@link RecordFormat#HEADER_BYTES} of a file (fewer if it is shorter). */
    static ByteBuffer readHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ByteBuffer.wrap(in.readNBytes(RecordFormat.HEADER_BYTES));
        }
    }

    Step next() throws IOException {
        long start = offset;
        byte[] prefix = new byte[RecordFormat.RECORD_OVERHEAD];
        int got = in.readNBytes(prefix, 0, prefix.length);
        if (got == 0) {
            return new End(start);
        }
        if (got < prefix.length) {
            return new Bad(start, "partial record header (" + got + " of 8 bytes)");
        }
        ByteBuffer fields = ByteBuffer.wrap(prefix);
        int length = fields.getInt();
        int storedCrc = fields.getInt();
        if (length < 0 || length > maxRecordBytes) {
            return new Bad(start, "implausible record length " + length);
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            return new Bad(start, "record body cut short (length " + length + ")");
        }
        if (RecordFormat.recordCrc(crc, body, 0, length) != storedCrc) {
            return new Bad(start, "CRC mismatch in record of length " + length);
        }
        offset = start + RecordFormat.RECORD_OVERHEAD + length;
        return new Record(body, offset);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
