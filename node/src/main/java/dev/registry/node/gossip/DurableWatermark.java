package dev.registry.node.gossip;

import dev.registry.clock.Hlc;
import dev.registry.merge.Replica;
import dev.registry.oplog.VersionVector;

/**
 * The vector and clock of a replica's durable state (rule G5): what the node may report to peers.
 * Captured when an append is issued, after its operations were applied; raised when that append
 * completes. Correct because a log completes appends in issue order. Single-threaded: the registry thread.
 */
public final class DurableWatermark implements GossipCore.DurableState {

    private final Replica replica;
    private VersionVector vector;
    private Hlc clock;

    /** Everything the replica holds now is durable (it was just recovered from disk). */
    public DurableWatermark(Replica replica) {
        this.replica = replica;
        this.vector = replica.vector();
        this.clock = replica.clock().current();
    }

    /** Call as an append is issued; run the result once that append is durable. */
    public Runnable appendIssued() {
        VersionVector issuedVector = replica.vector();
        Hlc issuedClock = replica.clock().current();
        return () -> {
            if (issuedVector.dominates(vector)) {
                vector = issuedVector;
            }
            if (issuedClock.compareTo(clock) > 0) {
                clock = issuedClock;
            }
        };
    }

    @Override
    public VersionVector vector() {
        return vector;
    }

    @Override
    public Hlc clock() {
        return clock;
    }
}
