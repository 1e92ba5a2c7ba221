package dev.registry.node.wire;

import dev.registry.clock.Hlc;
import dev.registry.merge.KeyRecord;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import java.util.List;

/**
 * Every message nodes exchange, in one place. {@code origin} is the sender's current origin id
 * (node id plus incarnation), the key of its own entry in version vectors. Each record has a Kryo registration number in
 * {@link WireCodec} that is never reused or renumbered (a golden-bytes test guards the encoding).
 */
public sealed interface Message {

    /**
     * New operations, pushed as soon as they are durable at the sender. {@code vector} and {@code clock}
     * are the sender's, so every push doubles as a stability report (Stability.observe).
     */
    record Push(String origin, List<Operation> ops, VersionVector vector, Hlc clock) implements Message {
    }

    /**
     * Anti-entropy: "this is what I have"; the peer answers with what the sender lacks. O(origins) bytes.
     * {@code vector} is the sender's durable vector (its stability report, G5); {@code have} is what it has
     * applied, durable or not, and is what the peer serves from: asking by the durable vector alone would
     * bring back, again, every batch whose append is still in flight (rule G7).
     */
    record SyncRequest(String origin, VersionVector vector, Hlc clock, VersionVector have) implements Message {
        public SyncRequest(String origin, VersionVector vector, Hlc clock) {
            this(origin, vector, clock, vector);
        }
    }

    /**
     * The answer to a SyncRequest: operations the requester lacks (at most a batch; {@code more} when
     * the requester should ask again at once), and the replier's own durable vector and clock (G5).
     * {@code snapshotNeeded}: the requester lacks operations the replier has already compacted away, so it
     * must fetch a snapshot. What the replier lacks it pulls itself, having seen the request (G6).
     */
    record SyncReply(String origin, List<Operation> ops, VersionVector vector, Hlc clock, boolean more,
                     boolean snapshotNeeded)
            implements Message {
    }

    /** Asks a peer for its state snapshot, chunk {@code chunk} of the snapshot {@code snapshotId} (0 = a new one). */
    record SnapshotRequest(long snapshotId, int chunk) implements Message {
    }

    /**
     * One chunk of a state snapshot; the last chunk carries the vector the whole snapshot covers and the
     * stamp below which the sender has collected tombstones (the receiver must ignore anything older).
     */
    record SnapshotChunk(long snapshotId, int chunk, boolean last, List<KeyRecord> keys, VersionVector vector,
                         Hlc collectedBelow) implements Message {
    }

    /**
     * A lease owner's compact liveness beacon: how many leases it holds and a hash of their keys, so peers
     * can tell an owner that is alive and renewing from one that went silent, without per-lease traffic.
     */
    record Beacon(String owner, int leases, long leaseHash, Hlc clock) implements Message {
    }

    /** The reply to a Push sent as a request (acks=2): the receiver durably appended up to {@code vector}. */
    record PushAck(VersionVector vector) implements Message {
    }
}
