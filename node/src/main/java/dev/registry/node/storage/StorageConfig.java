package dev.registry.node.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the durable log and the snapshot store. Immutable and validated on construction.
 *
 * @param segmentBytes        a segment is rolled once the next record would push it past this size;
 *                            truncation after a snapshot frees disk in whole segments
 * @param maxBatchBytes       a group commit stops gathering once its records reach this many bytes (soft:
 *                            the record that crosses the limit is included)
 * @param maxBatchRecords     a group commit holds at most this many appends
 * @param maxBatchDelay       how long the writer may wait for more appends before forcing; zero means
 *                            "natural" group commit: force as soon as the previous force returned, with
 *                            whatever queued up meanwhile
 * @param queueCapacity       records waiting for the writer; beyond this, appends fail fast with
 *                            {@link StorageBusyException} instead of blocking an event loop
 * @param maxRecordBytes      largest single record accepted; also the bound recovery uses to tell a torn
 *                            length field from a real one
 * @param snapshotsRetained   snapshots kept on disk; at least 2 so a corrupt newest one falls back
 */
public record StorageConfig(long segmentBytes, int maxBatchBytes, int maxBatchRecords, Duration maxBatchDelay,
                            int queueCapacity, int maxRecordBytes, int snapshotsRetained) {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    public StorageConfig {
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        if (maxRecordBytes < 1 || maxRecordBytes > 256 * MIB) {
            throw new IllegalArgumentException("maxRecordBytes must be in [1, 256 MiB]: " + maxRecordBytes);
        }
        if (segmentBytes < 4 * KIB) {
            throw new IllegalArgumentException("segmentBytes must be at least 4 KiB: " + segmentBytes);
        }
        if (maxBatchBytes < 1 || maxBatchRecords < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batch limits and queue capacity must be positive");
        }
        if (maxBatchDelay.isNegative() || maxBatchDelay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("maxBatchDelay must be in [0, 1s]: " + maxBatchDelay);
        }
        if (snapshotsRetained < 2) {
            throw new IllegalArgumentException("snapshotsRetained must be >= 2 to survive a corrupt newest snapshot");
        }
    }

    /**
     * Production nodes on their own disk. 64 MiB segments: few files, and truncation after a snapshot still
     * frees space promptly at our write rates. No batch delay: the fsync in flight is the batching window,
     * so a lone write pays one fsync and a burst shares one. 1 MiB / 8192 records per batch bounds a commit
     * to a few ms of disk time. 64 Ki queued records (~13 MiB at 200 B) absorb a burst of a second or two
     * before shedding load. 8 MiB records: far above any operation batch the node writes.
     */
    public static StorageConfig lan() {
        return new StorageConfig(64L * MIB, MIB, 8192, Duration.ZERO, 65_536, 8 * MIB, 2);
    }

    /**
     * Several nodes on one developer machine share one disk: a 1 ms delay lets each writer gather more
     * per fsync, so three nodes do not triple the fsync rate. 16 MiB segments keep data directories small.
     */
    public static StorageConfig local() {
        return new StorageConfig(16L * MIB, MIB, 8192, Duration.ofMillis(1), 16_384, 8 * MIB, 2);
    }

    /**
     * Tests: 64 KiB segments so a few hundred records roll segments; a 1024-record queue so backpressure
     * is reachable; 1 MiB records keep memory small in forked test JVMs.
     */
    public static StorageConfig test() {
        return new StorageConfig(64L * KIB, 256 * KIB, 1024, Duration.ZERO, 1024, MIB, 2);
    }

    public StorageConfig withSegmentBytes(long bytes) {
        return new StorageConfig(bytes, maxBatchBytes, maxBatchRecords, maxBatchDelay, queueCapacity,
                maxRecordBytes, snapshotsRetained);
    }

    public StorageConfig withQueueCapacity(int capacity) {
        return new StorageConfig(segmentBytes, maxBatchBytes, maxBatchRecords, maxBatchDelay, capacity,
                maxRecordBytes, snapshotsRetained);
    }

    public StorageConfig withMaxBatch(int records, Duration delay) {
        return new StorageConfig(segmentBytes, maxBatchBytes, records, delay, queueCapacity,
                maxRecordBytes, snapshotsRetained);
    }
}
