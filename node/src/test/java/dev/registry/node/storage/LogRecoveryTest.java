package dev.registry.node.storage;

import static dev.registry.node.storage.DurableLogTest.segmentFiles;
import static dev.registry.node.storage.RecordLogContract.await;
import static dev.registry.node.storage.RecordLogContract.bytes;
import static dev.registry.node.storage.RecordLogContract.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Recovery rules R1-R3 of LogRecovery: torn tails are cut, corruption elsewhere fails fast. */
@Timeout(60)
class LogRecoveryTest {

    private static final StorageConfig SMALL_SEGMENTS = StorageConfig.test().withSegmentBytes(4096);

    @TempDir
    Path dir;

    /** Writes {@code count} records "r1".."rN" padded to 500 bytes (8 per 4 KiB segment) and closes. */
    private List<String> writeRecords(int count) throws Exception {
        List<String> written = new ArrayList<>();
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            log.start();
            for (int i = 1; i <= count; i++) {
                String prefix = "r" + i + " ";
                String record = prefix + "p".repeat(500 - RecordFormat.RECORD_OVERHEAD - prefix.length());
                written.add(record);
                await(log.append(bytes(record)));
            }
        }
        return written;
    }

    private static void appendRaw(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private Path lastSegment() throws IOException {
        List<Path> segments = segmentFiles(dir);
        return segments.get(segments.size() - 1);
    }

    /** R1: garbage, half a record and a zero-filled tail are cut; all complete records stay; appends go on. */
    @Test
    void r1TornTailOfTheLastSegmentIsTruncated() throws Exception {
        List<String> written = writeRecords(10);
        Path last = lastSegment();
        long cleanSize = Files.size(last);
        byte[] half = ByteBuffer.allocate(8 + 100).putInt(492).putInt(12345).array();
        appendRaw(last, half);
        appendRaw(last, new byte[4096]);
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(cleanSize, Files.size(last), "torn tail cut at the last complete record");
            assertEquals(written, replayAll(log, 1));
            log.start();
            assertEquals(11, await(log.append(bytes("after recovery"))));
        }
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(11, log.lastDurableRecord());
            assertEquals("after recovery", replayAll(log, 11).get(0));
        }
    }

    /** R1: a CRC-bad final record is a torn write, since its batch was never acknowledged. */
    @Test
    void r1ABadLastRecordIsCutWithEverythingAfterIt() throws Exception {
        List<String> written = writeRecords(10);
        Path last = lastSegment();
        long size = Files.size(last);
        overwrite(last, size - 3, new byte[] {1, 2, 3});
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(size - 500, Files.size(last));
            assertEquals(written.subList(0, 9), replayAll(log, 1));
        }
    }

    /** R1 also cuts a partial length field (fewer than 8 bytes of record header). */
    @Test
    void r1APartialRecordHeaderIsCut() throws Exception {
        writeRecords(3);
        Path last = lastSegment();
        long size = Files.size(last);
        appendRaw(last, new byte[] {0, 0});
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(size, Files.size(last));
            assertEquals(3, log.lastDurableRecord());
        }
    }

    /** R2: a crash during a roll leaves a last segment with a partial header; it is rewritten, numbering kept. */
    @Test
    void r2ATornHeaderOfTheLastSegmentIsRewritten() throws Exception {
        writeRecords(8);
        Path torn = dir.resolve(RecordFormat.segmentName(9));
        Files.write(torn, new byte[] {0x52, 0x47});
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(8, log.lastDurableRecord());
            assertEquals(RecordFormat.HEADER_BYTES, Files.size(torn));
            log.start();
            assertEquals(9, await(log.append(bytes("nine"))));
        }
    }

    /** R3: a damaged record inside a sealed (non-last) segment is disk corruption: open fails with where and why. */
    @Test
    void r3CrcCorruptionInASealedSegmentFailsFast() throws Exception {
        writeRecords(20);
        Path sealed = segmentFiles(dir).get(1);
        overwrite(sealed, RecordFormat.HEADER_BYTES + 500 + 20, new byte[] {(byte) 0xFF});
        StorageCorruptionException failure = assertThrows(StorageCorruptionException.class,
                () -> DurableLog.open(dir, SMALL_SEGMENTS));
        assertTrue(failure.getMessage().contains("record 10 "), failure.getMessage());
        assertTrue(failure.getMessage().contains(sealed.getFileName().toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains("disk corruption"), failure.getMessage());
        // open failed, so the directory lock was released
        assertThrows(StorageCorruptionException.class, () -> DurableLog.open(dir, SMALL_SEGMENTS));
    }

    /** R3: a segment missing in the middle is a gap in the numbering. */
    @Test
    void r3AMissingMiddleSegmentFailsFast() throws Exception {
        writeRecords(20);
        Files.delete(segmentFiles(dir).get(1));
        StorageCorruptionException failure = assertThrows(StorageCorruptionException.class,
                () -> DurableLog.open(dir, SMALL_SEGMENTS));
        assertTrue(failure.getMessage().contains("missing"), failure.getMessage());
    }

    /** R3: an unknown format version is refused rather than misread. */
    @Test
    void r3AnUnknownFormatVersionFailsFast() throws Exception {
        writeRecords(2);
        Path segment = segmentFiles(dir).get(0);
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_BYTES)
                .putInt(RecordFormat.SEGMENT_MAGIC).putInt(99).putLong(1);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue());
        overwrite(segment, 0, header.array());
        StorageCorruptionException failure = assertThrows(StorageCorruptionException.class,
                () -> DurableLog.open(dir, SMALL_SEGMENTS));
        assertTrue(failure.getMessage().contains("format version 99"), failure.getMessage());
    }

    /** Recovery after truncateBefore starts at the oldest segment kept, not at record 1. */
    @Test
    void recoveryStartsAtTheOldestSegmentKept() throws Exception {
        List<String> written = writeRecords(20);
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            log.truncateBefore(17);
        }
        try (DurableLog log = DurableLog.open(dir, SMALL_SEGMENTS)) {
            assertEquals(17, log.firstRecordNumber());
            assertEquals(written.subList(16, 20), replayAll(log, 17));
        }
    }
}
