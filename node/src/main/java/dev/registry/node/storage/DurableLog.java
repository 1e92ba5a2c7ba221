package dev.registry.node.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's write-ahead log on disk: segment files of CRC-checked records with group-commit fsync.
 *
 * <p>Lifecycle: {@link #open} recovers the directory (truncating a torn tail, failing fast on corruption)
 * and may be followed by {@link #replay}; {@link #start()} starts the single writer thread;
 * {@link #close()} commits what is queued, stops the writer and releases the directory lock.
 * {@code append}, {@code stats} and {@code replay} are safe from any thread; {@code truncateBefore} must not
 * run concurrently with a replay of the records it drops. A directory is locked by one open log at a time.
 */
public final class DurableLog implements RecordLog {

    private static final String LOCK_FILE = "log.lock";

    private final Path dir;
    private final StorageConfig config;
    private final ConcurrentSkipListMap<Long, SegmentFile> segments;
    private final LogWriter writer;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private Thread writerThread;
    private boolean closed;

    private DurableLog(Path dir, StorageConfig config, ConcurrentSkipListMap<Long, SegmentFile> segments,
                       LogWriter writer, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.config = config;
        this.segments = segments;
        this.writer = writer;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Locks and recovers {@code dir} (created if missing). Blocks on disk I/O; call before serving. */
    public static DurableLog open(Path dir, StorageConfig config) throws IOException {
        return open(dir, config, ForceHook.NONE);
    }

    static DurableLog open(Path dir, StorageConfig config, ForceHook hook) throws IOException {
        Objects.requireNonNull(config, "config");
        DirectorySync.create(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = lockDirectory(dir, lockChannel);
            LogRecovery.Recovered recovered = LogRecovery.recover(dir, config.maxRecordBytes());
            ConcurrentSkipListMap<Long, SegmentFile> segments = new ConcurrentSkipListMap<>();
            recovered.segments().forEach(segment -> segments.put(segment.firstRecordNumber(), segment));
            FileChannel active = FileChannel.open(segments.lastEntry().getValue().path(), StandardOpenOption.WRITE);
            LogWriter writer = new LogWriter(dir, config, hook, segments, new AtomicLong(recovered.totalBytes()),
                    active, recovered.activeSegmentBytes(), recovered.nextRecordNumber());
            return new DurableLog(dir, config, segments, writer, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static FileLock lockDirectory(Path dir, FileChannel lockChannel) throws IOException {
        try {
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new IOException("log directory " + dir + " is locked by another process");
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new IOException("log directory " + dir + " is already open in this JVM", e);
        }
    }

    @Override
    public synchronized void start() {
        if (closed || writerThread != null) {
            throw new IllegalStateException("durable log in " + dir + " already " + (closed ? "closed" : "started"));
        }
        writerThread = new Thread(writer, "durable-log-" + dir.getFileName());
        writerThread.setDaemon(true);
        writerThread.start();
    }

    @Override
    public CompletableFuture<Long> append(byte[] record) {
        checkSize(record);
        return writer.submit(PendingAppend.of(List.of(record)));
    }

    @Override
    public CompletableFuture<Long> appendAll(List<byte[]> records) {
        List<byte[]> copy = List.copyOf(records);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("appendAll needs at least one record");
        }
        copy.forEach(this::checkSize);
        return writer.submit(PendingAppend.of(copy));
    }

    private void checkSize(byte[] record) {
        if (record.length > config.maxRecordBytes()) {
            throw new IllegalArgumentException("record of " + record.length + " bytes exceeds maxRecordBytes "
                    + config.maxRecordBytes());
        }
    }

    @Override
    public void replay(long fromRecordNumber, RecordVisitor visitor) throws IOException {
        long limit = writer.lastDurable();
        long first = firstRecordNumber();
        if (fromRecordNumber < first) {
            throw new IllegalArgumentException("records before " + first + " were truncated; cannot replay from "
                    + fromRecordNumber);
        }
        List<SegmentFile> list = new ArrayList<>(segments.values());
        for (int i = 0; i < list.size(); i++) {
            SegmentFile segment = list.get(i);
            long end = Math.min(limit + 1, i + 1 < list.size() ? list.get(i + 1).firstRecordNumber() : Long.MAX_VALUE);
            if (end > fromRecordNumber && segment.firstRecordNumber() < end) {
                replaySegment(segment, fromRecordNumber, end, visitor);
            }
        }
    }

    /** Visits records numbered in [from, end) of one segment; {@code end} is known durable. */
    private void replaySegment(SegmentFile segment, long from, long end, RecordVisitor visitor) throws IOException {
        long number = segment.firstRecordNumber();
        try (SegmentReader reader = SegmentReader.open(segment.path(), config.maxRecordBytes())) {
            while (number < end) {
                SegmentReader.Step step = reader.next();
                if (step instanceof SegmentReader.Record record) {
                    if (number >= from) {
                        visitor.accept(number, record.body());
                    }
                    number++;
                } else if (step instanceof SegmentReader.Bad bad) {
                    throw new StorageCorruptionException("record " + number + " at offset " + bad.offset() + " of "
                            + segment.path() + " is damaged (" + bad.reason() + ") although it was durable");
                } else {
                    throw new StorageCorruptionException(segment.path() + " ends at record " + number
                            + " but records up to " + (end - 1) + " are durable");
                }
            }
        }
    }

    @Override
    public synchronized void truncateBefore(long recordNumber) throws IOException {
        boolean deleted = false;
        // Oldest first, never the active (last) segment: a crash part-way leaves a contiguous suffix.
        while (true) {
            Map.Entry<Long, SegmentFile> oldest = segments.firstEntry();
            Long nextFirst = segments.higherKey(oldest.getKey());
            if (nextFirst == null || nextFirst > recordNumber) {
                break;
            }
            long size = Files.size(oldest.getValue().path());
            Files.delete(oldest.getValue().path());
            segments.remove(oldest.getKey());
            writer.releasedBytes(size);
            deleted = true;
        }
        if (deleted) {
            DirectorySync.force(dir);
        }
    }

    @Override
    public long firstRecordNumber() {
        return segments.firstKey();
    }

    @Override
    public long lastDurableRecord() {
        return writer.lastDurable();
    }

    @Override
    public LogStats stats() {
        return writer.stats(firstRecordNumber(), segments.size());
    }

    /** The error that stopped the writer, or null while healthy; for the node's health endpoint. */
    public StorageFailedException failure() {
        return writer.failure();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (writerThread == null) {
                writer.abandon();
            } else {
                writer.requestStop();
                joinWriter();
            }
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("releasing the lock of " + dir, e);
            }
        }
    }

    private void joinWriter() {
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
