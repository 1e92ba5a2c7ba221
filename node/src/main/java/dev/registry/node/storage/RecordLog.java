package dev.registry.node.storage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An append-only log of opaque records, numbered 1, 2, 3, ... without gaps. The storage port of the
 * node: {@link DurableLog} on disk, {@link InMemoryDurableLog} in simulations.
 *
 * <p>Contract: a returned future completes with the record number only once the record is durable
 * (forced to disk, or "synced" in the twin); it never blocks the caller and fails with a
 * {@link StorageException} when the record will not be made durable. Records appended by one thread
 * get increasing numbers in call order. After an append the log owns the array: do not modify it.
 * Completion callbacks may run on the log's writer thread: they must not block (hop to your own
 * executor or event loop).
 */
public interface RecordLog extends AutoCloseable {

    /** Starts the writer. Appends made before start wait in the queue. */
    void start();

    /** Completes with the record's number once it is durable. */
    CompletableFuture<Long> append(byte[] record);

    /**
     * Appends the records contiguously, acknowledged together by one commit; completes with the number of
     * the LAST one, so record i has number {@code last - size + 1 + i}. Not crash-atomic: a crash before
     * the acknowledgement may leave a prefix of them in the log (like any unacknowledged append, which may
     * or may not survive), so each record must make sense on its own.
     */
    CompletableFuture<Long> appendAll(List<byte[]> records);

    /**
     * Calls the visitor for every durable record numbered {@code >= fromRecordNumber}, in order, on the
     * calling thread. Records appended during the replay may or may not be visited.
     *
     * @throws IllegalArgumentException if fromRecordNumber is below {@link #firstRecordNumber()} (those
     *                                  records were truncated: start from the snapshot instead)
     */
    void replay(long fromRecordNumber, RecordVisitor visitor) throws IOException;

    /**
     * Drops records below {@code recordNumber} that a snapshot now covers. May keep some of them (the file
     * log frees whole segments only) but never drops a record {@code >= recordNumber}.
     */
    void truncateBefore(long recordNumber) throws IOException;

    /** The oldest record still held; {@code lastDurableRecord() + 1} when the log holds none. */
    long firstRecordNumber();

    /** The highest durable record number; 0 when nothing was ever appended. */
    long lastDurableRecord();

    LogStats stats();

    /** Makes every append queued before close durable, then stops. Later appends fail with closed. */
    @Override
    void close();
}
