package dev.registry.node.gossip;

import dev.registry.clock.Hlc;
import dev.registry.merge.Replica;
import dev.registry.oplog.VersionVector;

/**
 * The vector and clock of a replica's durable state (rule G5): what the node may report to peers.
 * Captured when an append is issued, after its operations were applied; raised when that append
 * completes. Correct because a log completes appends in issue order. Single-threaded: the registry thread.
 */
public final class DurableWatermark implements DurableState {

    private final Replica replica;
    private VersionVector vector;
    private Hlc clock;
    /** Installs of a peer snapshot so far; the watermark stays frozen until one taken after the last is saved. */
    private long installs;
    private long savedThrough;

    /** Everything the replica holds now is durable (it was just recovered from disk). */
    public DurableWatermark(Replica replica) {
        this.replica = replica;
        this.vector = replica.vector();
        this.clock = replica.clock().current();
    }

    /**
     * A peer's snapshot was merged in: that state is in no local log, so nothing applied from now on may be
     * reported durable until a local snapshot taken after this point is saved ({@link #snapshotSaved}).
     */
    public void snapshotInstalled() {
        installs++;
    }

    /** Which install a snapshot taken now would cover; pass it back to {@link #snapshotSaved}. */
    public long installsSoFar() {
        return installs;
    }

    /** A local snapshot taken when {@code installsCovered} installs had happened is on disk. */
    public void snapshotSaved(long installsCovered, VersionVector snapshotVector, Hlc snapshotClock) {
        savedThrough = Math.max(savedThrough, installsCovered);
        if (snapshotVector.dominates(vector)) {
            vector = snapshotVector;
        }
        if (snapshotClock.compareTo(clock) > 0) {
            clock = snapshotClock;
        }
    }

    /** Call as an append is issued; run the result once that append is durable. */
    public Runnable appendIssued() {
        if (savedThrough < installs) {
            return () -> { };
        }
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
