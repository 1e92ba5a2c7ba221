package dev.registry.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The single writer of a {@link DurableLog}: gathers queued appends into one group commit, writes them,
 * forces once, then completes their futures. Invariant: a future completes only after a force that
 * covers its last record returned. Fields marked "writer thread" are touched by {@link #run()} only;
 * the volatile ones are read by any thread.
 */
final class LogWriter implements Runnable {

    private final Path dir;
    private final StorageConfig config;
    private final ForceHook hook;
    private final ConcurrentSkipListMap<Long, SegmentFile> segments;
    private final AtomicLong totalBytes;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedRecords = new AtomicInteger();
    private final PendingAppend stop = new PendingAppend(List.of(), 0, new CompletableFuture<>());
    private final long delayNanos;

    // writer thread
    private final CRC32C crc = new CRC32C();
    private FileChannel active;
    private long activeFirst;
    private long activeBytes;
    private long activeRecords;
    private long nextRecord;
    private boolean unforced;
    private ByteBuffer scratch;

    private volatile long lastDurable;
    private volatile long fsyncs;
    private volatile long batches;
    private volatile long appended;
    private volatile long forceNanos;
    private volatile boolean closing;
    private volatile boolean finished;
    private volatile StorageFailedException failure;

    LogWriter(Path dir, StorageConfig config, ForceHook hook, ConcurrentSkipListMap<Long, SegmentFile> segments,
              AtomicLong totalBytes, FileChannel active, long activeBytes, long nextRecord) {
        this.dir = dir;
        this.config = config;
        this.hook = hook;
        this.segments = segments;
        this.totalBytes = totalBytes;
        this.active = active;
        this.activeBytes = activeBytes;
        this.activeFirst = segments.lastKey();
        this.activeRecords = nextRecord - activeFirst;
        this.nextRecord = nextRecord;
        this.lastDurable = nextRecord - 1;
        this.delayNanos = config.maxBatchDelay().toNanos();
    }

    /** Any thread; never blocks. */
    CompletableFuture<Long> submit(PendingAppend append) {
        StorageException refusal = refusal();
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        int count = append.records().size();
        int queued = queuedRecords.addAndGet(count);
        // An appendAll larger than the whole queue is still admitted when nothing else waits.
        if (queued > config.queueCapacity() && queued != count) {
            queuedRecords.addAndGet(-count);
            return CompletableFuture.failedFuture(new StorageBusyException(queued - count, config.queueCapacity()));
        }
        queue.add(append);
        // The writer sets finished BEFORE its final drain: if we still read false here, that drain will see
        // our entry; if true, we take it back ourselves (or the drain already failed it).
        if (finished && queue.remove(append)) {
            queuedRecords.addAndGet(-count);
            append.future().completeExceptionally(closedOrFailed());
        }
        return append.future();
    }

    /** Asks the writer to commit everything queued so far and exit. */
    void requestStop() {
        closing = true;
        queue.add(stop);
    }

    /** For a writer that never ran: fail what was queued and release the file. */
    void abandon() {
        closing = true;
        finish();
    }

    @Override
    public void run() {
        try {
            boolean stopping = false;
            while (!stopping) {
                List<PendingAppend> batch = gather();
                stopping = batch.get(batch.size() - 1) == stop;
                if (stopping) {
                    batch.remove(batch.size() - 1);
                }
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            failure = new StorageFailedException("durable log in " + dir + " failed; appends refused until restart", e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            finish();
        }
    }

    private List<PendingAppend> gather() throws InterruptedException {
        List<PendingAppend> batch = new ArrayList<>();
        PendingAppend next = queue.take();
        long records = 0;
        long bytes = 0;
        long deadline = System.nanoTime() + delayNanos;
        while (true) {
            batch.add(next);
            if (next == stop) {
                return batch;
            }
            queuedRecords.addAndGet(-next.records().size());
            records += next.records().size();
            bytes += next.bytes();
            if (records >= config.maxBatchRecords() || bytes >= config.maxBatchBytes()) {
                return batch;
            }
            next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (delayNanos == 0 || wait <= 0) {
                    return batch;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return batch;
                }
            }
        }
    }

    private void commit(List<PendingAppend> batch) throws IOException {
        long[] lastOf = new long[batch.size()];
        try {
            ByteBuffer buffer = scratch(config.maxBatchBytes());
            for (int i = 0; i < batch.size(); i++) {
                for (byte[] record : batch.get(i).records()) {
                    buffer = encode(buffer, record);
                }
                lastOf[i] = nextRecord - 1;
            }
            writeOut(buffer);
            force(nextRecord - 1);
        } catch (IOException | RuntimeException | Error e) {
            StorageFailedException failed = new StorageFailedException("write or fsync failed in " + dir, e);
            batch.forEach(append -> append.future().completeExceptionally(failed));
            throw e;
        }
        // Counters first, so a caller woken by its future sees stats that include its commit.
        appended += lastOf[batch.size() - 1] - lastDurable;
        batches++;
        lastDurable = nextRecord - 1;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(lastOf[i]);
        }
    }

    /** Adds one record to the buffer, rolling the segment first if the record would overflow it. */
    private ByteBuffer encode(ByteBuffer buffer, byte[] record) throws IOException {
        int size = RecordFormat.RECORD_OVERHEAD + record.length;
        boolean segmentHasRecords = activeRecords > 0 || buffer.position() > 0;
        if (segmentHasRecords && activeBytes + buffer.position() + size > config.segmentBytes()) {
            writeOut(buffer);
            force(nextRecord - 1);
            roll();
        }
        if (buffer.remaining() < size) {
            writeOut(buffer);
            buffer = scratch(size);
        }
        buffer.putInt(record.length).putInt(RecordFormat.recordCrc(crc, record, 0, record.length)).put(record);
        nextRecord++;
        return buffer;
    }

    /** Writes the buffered records at the end of the active segment (not forced) and clears the buffer. */
    private void writeOut(ByteBuffer buffer) throws IOException {
        long recordsInBuffer = nextRecord - activeFirst - activeRecords;
        buffer.flip();
        int length = buffer.remaining();
        while (buffer.hasRemaining()) {
            active.write(buffer, activeBytes + buffer.position());
        }
        buffer.clear();
        if (length > 0) {
            activeBytes += length;
            activeRecords += recordsInBuffer;
            totalBytes.addAndGet(length);
            unforced = true;
        }
    }

    private void force(long upTo) throws IOException {
        if (!unforced) {
            return;
        }
        hook.beforeForce(upTo);
        long started = System.nanoTime();
        active.force(false);
        forceNanos += System.nanoTime() - started;
        fsyncs++;
        unforced = false;
        hook.afterForce(upTo);
    }

    /** Seals the active segment (already forced) and starts the next one at {@code nextRecord}. */
    private void roll() throws IOException {
        active.close();
        SegmentFile next = LogRecovery.createSegment(dir, nextRecord);
        active = FileChannel.open(next.path(), StandardOpenOption.WRITE);
        activeFirst = next.firstRecordNumber();
        activeBytes = RecordFormat.HEADER_BYTES;
        activeRecords = 0;
        segments.put(next.firstRecordNumber(), next);
        totalBytes.addAndGet(RecordFormat.HEADER_BYTES);
    }

    /** A reusable direct buffer of at least {@code capacity} bytes, cleared. */
    private ByteBuffer scratch(int capacity) {
        if (scratch == null || scratch.capacity() < capacity) {
            scratch = ByteBuffer.allocateDirect(Math.max(capacity, 64 * 1024));
        }
        return scratch.clear();
    }

    private void finish() {
        finished = true;
        StorageException reason = closedOrFailed();
        for (PendingAppend left = queue.poll(); left != null; left = queue.poll()) {
            if (left != stop) {
                queuedRecords.addAndGet(-left.records().size());
                left.future().completeExceptionally(reason);
            }
        }
        try {
            active.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new StorageFailedException("closing the active segment of " + dir + " failed", e);
            }
        }
    }

    private StorageException refusal() {
        StorageFailedException failed = failure;
        if (failed != null) {
            return failed;
        }
        return closing || finished ? new StorageClosedException("durable log in " + dir + " is closed") : null;
    }

    private StorageException closedOrFailed() {
        StorageFailedException failed = failure;
        return failed != null ? failed : new StorageClosedException("durable log in " + dir + " closed before the append was durable");
    }

    /** Accounts for a segment deleted by truncation. */
    void releasedBytes(long bytes) {
        totalBytes.addAndGet(-bytes);
    }

    long lastDurable() {
        return lastDurable;
    }

    StorageFailedException failure() {
        return failure;
    }

    LogStats stats(long firstRecordNumber, int segmentCount) {
        long last = lastDurable;
        return new LogStats(firstRecordNumber, last, last - firstRecordNumber + 1, totalBytes.get(), segmentCount,
                fsyncs, batches, appended, forceNanos, queuedRecords.get());
    }
}
