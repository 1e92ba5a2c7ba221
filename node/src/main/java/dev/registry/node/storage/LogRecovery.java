package dev.registry.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a log directory to a consistent state before the writer starts.
 *
 * <p>Rules, and why: a torn write can only damage the LAST segment, because the writer forces a segment
 * before it creates the next one, and it forces a new segment's header before writing records to it.
 * So (R1) in the last segment the first bad record and everything after it is a torn tail, never
 * acknowledged: it is truncated; (R2) a last segment whose header is incomplete holds no records (a crash
 * during a roll): its header is rewritten; (R3) a bad record or header in any other segment, a gap between
 * segments, or an unknown version is corruption and fails fast.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** What recovery found; the last segment is the one the writer appends to. */
    record Recovered(List<SegmentFile> segments, long nextRecordNumber, long activeSegmentBytes, long totalBytes) {
    }

    private LogRecovery() {
    }

    static Recovered recover(Path dir, int maxRecordBytes) throws IOException {
        List<SegmentFile> found = listSegments(dir);
        repairTornRoll(found);
        if (found.isEmpty()) {
            SegmentFile first = createSegment(dir, 1);
            return new Recovered(List.of(first), 1, RecordFormat.HEADER_BYTES, RecordFormat.HEADER_BYTES);
        }
        long next = found.get(0).firstRecordNumber();
        long activeBytes = 0;
        long totalBytes = 0;
        for (int i = 0; i < found.size(); i++) {
            SegmentFile segment = found.get(i);
            boolean last = i == found.size() - 1;
            if (segment.firstRecordNumber() != next) {
                throw new StorageCorruptionException("segment " + segment.path() + " starts at record "
                        + segment.firstRecordNumber() + " but the previous segment ends before record " + next
                        + ": a segment is missing");
            }
            String problem = RecordFormat.headerProblem(SegmentReader.readHeader(segment.path()),
                    segment.firstRecordNumber(), segment.path());
            if (problem != null) {
                throw new StorageCorruptionException(problem);
            }
            long[] countAndEnd = scan(segment, last, maxRecordBytes);
            next += countAndEnd[0];
            activeBytes = countAndEnd[1];
            totalBytes += countAndEnd[1];
        }
        return new Recovered(List.copyOf(found), next, activeBytes, totalBytes);
    }

    /** Creates a segment whose header is durable, name included. */
    static SegmentFile createSegment(Path dir, long firstRecordNumber) throws IOException {
        Path path = dir.resolve(RecordFormat.segmentName(firstRecordNumber));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = RecordFormat.header(firstRecordNumber);
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(false);
        }
        DirectorySync.force(dir);
        return new SegmentFile(path, firstRecordNumber);
    }

    private static List<SegmentFile> listSegments(Path dir) throws IOException {
        List<SegmentFile> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "log-*.seg")) {
            for (Path file : files) {
                OptionalLong first = RecordFormat.parseSegmentName(file.getFileName().toString());
                if (first.isPresent() && Files.isRegularFile(file)) {
                    segments.add(new SegmentFile(file, first.getAsLong()));
                }
            }
        }
        segments.sort(Comparator.comparingLong(SegmentFile::firstRecordNumber));
        return segments;
    }

    /**
     * R2: a last segment no longer than a header whose header is not valid is rewritten as an empty segment
     * with the number in its name (kept, not deleted, so numbering survives even if it is the only segment).
     */
    private static void repairTornRoll(List<SegmentFile> segments) throws IOException {
        if (segments.isEmpty()) {
            return;
        }
        SegmentFile last = segments.get(segments.size() - 1);
        if (Files.size(last.path()) > RecordFormat.HEADER_BYTES) {
            return;
        }
        String problem = RecordFormat.headerProblem(SegmentReader.readHeader(last.path()),
                last.firstRecordNumber(), last.path());
        if (problem == null) {
            return;
        }
        LOG.warn("Rewriting the header of {}: {} (a crash during a segment roll; it holds no records)",
                last.path(), problem);
        try (FileChannel channel = FileChannel.open(last.path(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
            ByteBuffer header = RecordFormat.header(last.firstRecordNumber());
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.force(false);
        }
    }

    /** R1 and R3 for one segment; returns {record count, valid end offset}. */
    private static long[] scan(SegmentFile segment, boolean last, int maxRecordBytes) throws IOException {
        long count = 0;
        try (SegmentReader reader = SegmentReader.open(segment.path(), maxRecordBytes)) {
            while (true) {
                SegmentReader.Step step = reader.next();
                if (step instanceof SegmentReader.Record) {
                    count++;
                } else if (step instanceof SegmentReader.End end) {
                    return new long[] {count, end.offset()};
                } else if (step instanceof SegmentReader.Bad bad) {
                    long recordNumber = segment.firstRecordNumber() + count;
                    if (!last) {
                        throw new StorageCorruptionException("record " + recordNumber + " at offset " + bad.offset()
                                + " of sealed segment " + segment.path() + " is damaged (" + bad.reason()
                                + "); a crash cannot tear a sealed segment, so this is disk corruption."
                                + " Restore the data directory or remove it and let the node resync from peers");
                    }
                    truncateTornTail(segment.path(), bad, recordNumber);
                    return new long[] {count, bad.offset()};
                }
            }
        }
    }

    private static void truncateTornTail(Path path, SegmentReader.Bad bad, long recordNumber) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long size = channel.size();
            LOG.warn("Truncating torn tail of {} at offset {} (record {}: {}); dropping {} bytes never acknowledged",
                    path, bad.offset(), recordNumber, bad.reason(), size - bad.offset());
            channel.truncate(bad.offset());
            channel.force(true);
        }
    }
}
