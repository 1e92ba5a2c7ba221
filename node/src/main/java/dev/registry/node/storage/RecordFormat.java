package dev.registry.node.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The segment file layout, shared by the writer and the readers.
 *
 * <pre>
 * segment  = header record*
 * header   = magic:int32 "RGLG" | version:int32 (1) | firstRecordNumber:int64 | crc32c(previous 16 bytes):int32
 *            | reserved:int32 (0)                                            -- 24 bytes, big-endian
 * record   = length:int32 | crc32c(length bytes ++ body):int32 | body:length bytes
 * </pre>
 * Record numbers are implicit: the header's first number plus the record's index in the file, so the
 * file name {@code log-<first, 20 digits>.seg} and the header must agree.
 */
final class RecordFormat {

    static final int SEGMENT_MAGIC = 0x52474C47;
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int RECORD_OVERHEAD = 8;
    private static final String PREFIX = "log-";
    private static final String SUFFIX = ".seg";

    private RecordFormat() {
    }

    static String segmentName(long firstRecordNumber) {
        return String.format("%s%020d%s", PREFIX, firstRecordNumber, SUFFIX);
    }

    /** The first record number encoded in a segment file name, or empty if the name is not a segment's. */
    static OptionalLong parseSegmentName(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static ByteBuffer header(long firstRecordNumber) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(SEGMENT_MAGIC).putInt(FORMAT_VERSION).putLong(firstRecordNumber);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue()).putInt(0);
        return header.flip();
    }

    /**
     * Checks a full 24-byte header against the file it came from.
     *
     * @return null when the header is valid, else why not
     */
    static String headerProblem(ByteBuffer header, long expectedFirst, Path file) {
        if (header.remaining() < HEADER_BYTES) {
            return "header of " + file + " is short (" + header.remaining() + " bytes)";
        }
        int magic = header.getInt(0);
        int version = header.getInt(4);
        long first = header.getLong(8);
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(16));
        if (magic != SEGMENT_MAGIC || (int) crc.getValue() != header.getInt(16)) {
            return "header of " + file + " has a bad magic or checksum";
        }
        if (version != FORMAT_VERSION) {
            return "segment " + file + " has format version " + version + "; this build reads " + FORMAT_VERSION;
        }
        if (first != expectedFirst) {
            return "segment " + file + " starts at record " + first + " but its name says " + expectedFirst;
        }
        return null;
    }

    /** CRC32C over the 4 big-endian length bytes, then the body. */
    static int recordCrc(CRC32C crc, byte[] body, int offset, int length) {
        crc.reset();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
        crc.update(body, offset, length);
        return (int) crc.getValue();
    }
}
