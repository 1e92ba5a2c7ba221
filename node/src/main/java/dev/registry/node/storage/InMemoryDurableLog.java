package dev.registry.node.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory twin of {@link DurableLog} for simulations on virtual time.
 *
 * <p>An append is first PENDING (written but not forced); {@link #sync()} makes everything pending durable
 * and completes the futures in append order, like one group commit. With {@link Sync#ON_APPEND} every
 * append syncs at once (synchronous); with {@link Sync#MANUAL} the simulation's scheduler calls
 * {@code sync()} when its virtual fsync finishes. {@link #crash()} and {@link #crash(SplittableRandom)}
 * model a crash: their pending futures never complete and they return the log a restarted node opens.
 * Thread-safe; futures complete outside the lock, on the thread that synced.
 */
public final class InMemoryDurableLog implements RecordLog {

    /** When pending appends become durable. */
    public enum Sync { ON_APPEND, MANUAL }

    private final Sync sync;
    private final int queueCapacity;
    private final List<byte[]> durable;
    private final List<PendingAppend> pending = new ArrayList<>();
    private long firstRecordNumber;
    private int pendingRecords;
    private boolean started;
    private boolean closed;
    private long syncs;
    private long appended;
    private long bytes;

    public InMemoryDurableLog(Sync sync, int queueCapacity) {
        this(sync, queueCapacity, 1, new ArrayList<>());
    }

    private InMemoryDurableLog(Sync sync, int queueCapacity, long firstRecordNumber, List<byte[]> durable) {
        this.sync = sync;
        this.queueCapacity = queueCapacity;
        this.firstRecordNumber = firstRecordNumber;
        this.durable = durable;
        durable.forEach(record -> bytes += RecordFormat.RECORD_OVERHEAD + record.length);
    }

    @Override
    public void start() {
        synchronized (this) {
            started = true;
        }
        if (sync == Sync.ON_APPEND) {
            sync();
        }
    }

    @Override
    public CompletableFuture<Long> append(byte[] record) {
        return appendAll(List.of(record));
    }

    @Override
    public CompletableFuture<Long> appendAll(List<byte[]> records) {
        List<byte[]> copy = List.copyOf(records);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("appendAll needs at least one record");
        }
        PendingAppend append = PendingAppend.of(copy);
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new StorageClosedException("in-memory log is closed"));
            }
            if (pendingRecords > 0 && pendingRecords + copy.size() > queueCapacity) {
                return CompletableFuture.failedFuture(new StorageBusyException(pendingRecords, queueCapacity));
            }
            pending.add(append);
            pendingRecords += copy.size();
        }
        if (sync == Sync.ON_APPEND) {
            sync();
        }
        return append.future();
    }

    /**
     * One group commit: every pending record becomes durable; returns how many. Before {@link #start()} it
     * does nothing, like a writer thread that has not started.
     */
    public int sync() {
        List<Map.Entry<PendingAppend, Long>> completed = new ArrayList<>();
        synchronized (this) {
            if (!started || closed || pending.isEmpty()) {
                return 0;
            }
            for (PendingAppend append : pending) {
                for (byte[] record : append.records()) {
                    durable.add(record);
                    bytes += RecordFormat.RECORD_OVERHEAD + record.length;
                }
                completed.add(Map.entry(append, lastDurableRecordLocked()));
            }
            appended += pendingRecords;
            syncs++;
            pending.clear();
            pendingRecords = 0;
        }
        completed.forEach(entry -> entry.getKey().future().complete(entry.getValue()));
        return completed.size();
    }

    /**
     * Simulates a crash that loses every unsynced record (power loss with nothing written back): this log
     * stops, its pending futures never complete (the process that would hear about them is gone), and the
     * returned log, not yet started, holds exactly the durable records with the same numbers.
     */
    public InMemoryDurableLog crash() {
        return crashKeeping(0);
    }

    /**
     * Simulates a crash after which a random prefix of the unsynced records survives, unacknowledged, as
     * kill -9 (page cache kept) or a torn write can leave them on disk. The nodes of a simulation must
     * tolerate both outcomes; the seeded {@code random} picks which.
     */
    public InMemoryDurableLog crash(SplittableRandom random) {
        synchronized (this) {
            return crashKeeping(random.nextInt(pendingRecords + 1));
        }
    }

    private synchronized InMemoryDurableLog crashKeeping(int survivors) {
        List<byte[]> disk = new ArrayList<>(durable);
        int kept = 0;
        for (PendingAppend append : pending) {
            for (byte[] record : append.records()) {
                if (kept++ < survivors) {
                    disk.add(record);
                }
            }
        }
        closed = true;
        pending.clear();
        pendingRecords = 0;
        return new InMemoryDurableLog(sync, queueCapacity, firstRecordNumber, disk);
    }

    @Override
    public void replay(long fromRecordNumber, RecordVisitor visitor) {
        List<byte[]> copy;
        long first;
        synchronized (this) {
            if (fromRecordNumber < firstRecordNumber) {
                throw new IllegalArgumentException("records before " + firstRecordNumber
                        + " were truncated; cannot replay from " + fromRecordNumber);
            }
            first = firstRecordNumber;
            copy = new ArrayList<>(durable);
        }
        for (int i = (int) Math.min(copy.size(), fromRecordNumber - first); i < copy.size(); i++) {
            visitor.accept(first + i, copy.get(i).clone());
        }
    }

    /** Drops exactly the records below {@code recordNumber} (never a record not yet durable). */
    @Override
    public synchronized void truncateBefore(long recordNumber) {
        long drop = Math.min(recordNumber - firstRecordNumber, durable.size());
        if (drop <= 0) {
            return;
        }
        List<byte[]> dropped = durable.subList(0, (int) drop);
        dropped.forEach(record -> bytes -= RecordFormat.RECORD_OVERHEAD + record.length);
        dropped.clear();
        firstRecordNumber += drop;
    }

    @Override
    public synchronized long firstRecordNumber() {
        return firstRecordNumber;
    }

    @Override
    public synchronized long lastDurableRecord() {
        return lastDurableRecordLocked();
    }

    private long lastDurableRecordLocked() {
        return firstRecordNumber + durable.size() - 1;
    }

    /** Records appended and not yet synced. */
    public synchronized int pendingRecords() {
        return pendingRecords;
    }

    @Override
    public synchronized LogStats stats() {
        return new LogStats(firstRecordNumber, lastDurableRecordLocked(), durable.size(), bytes, 1, syncs, syncs,
                appended, 0, pendingRecords);
    }

    /**
     * Like the file log: if started, what was appended becomes durable; if never started, pending appends
     * fail with {@link StorageClosedException}.
     */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) {
            if (closed) {
                return;
            }
            wasStarted = started;
        }
        if (wasStarted) {
            sync();
        }
        List<PendingAppend> refused;
        synchronized (this) {
            closed = true;
            refused = new ArrayList<>(pending);
            pending.clear();
            pendingRecords = 0;
        }
        refused.forEach(append -> append.future().completeExceptionally(
                new StorageClosedException("in-memory log closed before the append was durable")));
    }
}
