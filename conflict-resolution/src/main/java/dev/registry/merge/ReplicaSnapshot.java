package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.oplog.VersionVector;

import java.util.List;

/**
 * A replica's state at one instant: its keys (every register, visible or not) exactly reflect the
 * operations covered by {@code vector}. {@code ownSeq} is the last sequence number the node used,
 * {@code clock} its HLC, so a restored node never reuses a seq or a stamp. {@code collectedBelow}
 * is the state's tombstone-collection horizon ({@link RegistryState#collectedBelow()}): keys
 * collected below it are absent, and a receiver must not let older data bring them back.
 */
public record ReplicaSnapshot(String nodeId, VersionVector vector, long ownSeq, Hlc clock, List<KeyRecord> keys,
                              Hlc collectedBelow) {

    public ReplicaSnapshot {
        if (nodeId == null || vector == null || clock == null || keys == null || ownSeq < 0
                || collectedBelow == null) {
            throw new IllegalArgumentException("incomplete replica snapshot");
        }
        keys = List.copyOf(keys);
    }

    /** A snapshot of a state that never collected tombstones. */
    public ReplicaSnapshot(String nodeId, VersionVector vector, long ownSeq, Hlc clock, List<KeyRecord> keys) {
        this(nodeId, vector, ownSeq, clock, keys, Hlc.ZERO);
    }
}
