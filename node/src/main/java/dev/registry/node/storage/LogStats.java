package dev.registry.node.storage;

/**
 * A point-in-time view of a log, exported by the node as metrics.
 *
 * @param firstRecordNumber  oldest record still held (after truncateBefore)
 * @param lastDurableRecord  highest record number forced to disk (0 when the log never held a record)
 * @param records            records held, lastDurableRecord - firstRecordNumber + 1
 * @param bytes              bytes held on disk by all segments, headers included
 * @param segments           segment files held
 * @param fsyncs             forces since open (batch commits and segment rolls)
 * @param batches            group commits since open
 * @param appendedRecords    records made durable since open
 * @param forceNanos         total time spent in force since open, nanoseconds
 * @param queuedRecords      records waiting for the writer now: a backlog gauge (the disk is behind when it
 *                           nears the queue capacity, where appends start failing busy)
 */
public record LogStats(long firstRecordNumber, long lastDurableRecord, long records, long bytes, int segments,
                       long fsyncs, long batches, long appendedRecords, long forceNanos, long queuedRecords) {

    /** Records per group commit since open; 0 before the first commit. */
    public double averageBatchRecords() {
        return batches == 0 ? 0.0 : (double) appendedRecords / batches;
    }

    /** Mean force latency since open in microseconds; 0 before the first force. */
    public double averageForceMicros() {
        return fsyncs == 0 ? 0.0 : forceNanos / 1_000.0 / fsyncs;
    }
}
