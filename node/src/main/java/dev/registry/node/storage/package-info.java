/**
 * The node's durable storage: a write-ahead log of opaque records and a snapshot store, each behind a
 * small port ({@link dev.registry.node.storage.RecordLog}, {@link dev.registry.node.storage.Snapshots})
 * with an in-memory twin for simulations. Nothing here knows the operation types: the node encodes them.
 *
 * <p>Directory layout (log and snapshots may share one directory):
 * <pre>
 * log.lock                               held (flock) while a DurableLog is open
 * log-00000000000000000001.seg           segment, named after its first record number (20 digits)
 * log-00000000000000318977.seg           ... rolled when the next record would pass segmentBytes
 * snapshot-00000000000000250000.snap     covers records 1..250000; the newest two are kept
 * snapshot-00000000000000300000.snap.tmp a save in progress (or cut by a crash): ignored, deleted at open
 * </pre>
 *
 * <p>Invariants: an append is acknowledged only after a force covering it; record numbers are dense and
 * start at 1; a segment is forced before the next one is created and a new segment's header is forced
 * before any record is written to it, so only the last segment can end in a torn write (see
 * {@code LogRecovery} for the recovery rules R1-R3); after a failed write or
 * fsync the log refuses all appends until the process restarts and recovers from disk.
 */
package dev.registry.node.storage;
