package dev.registry.node.sim;

import dev.registry.clock.Hlc;
import dev.registry.clock.HybridClock;
import dev.registry.merge.Replica;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.node.wire.Message;
import dev.registry.oplog.Operation;
import dev.registry.sim.SimContext;
import java.util.List;
import java.util.TreeMap;

/**
 * A node's storage on virtual time, as {@code RegistryStore} behaves: appends complete in order after a
 * seeded delay; a snapshot covers the records durable when it was taken and is written later (M3);
 * recovery is snapshot plus replay (D3); an empty disk starts a new incarnation (D2). Completions of a
 * previous incarnation of the process (before a crash) are ignored: that is what a crash loses.
 */
final class SimStore {

    private final SimWorld world;
    private final String nodeId;
    private final long maxDiskDelayMillis;
    private final long snapshotEveryOps;
    private final long snapshotIntervalMillis;
    private SimDisk disk = new SimDisk();
    private boolean lastRecoveryFresh;
    private SimContext<Message> ctx;
    private int generation;

    // Volatile: reset by recover().
    private long lastDurableAt;
    private long loggedSinceSnapshot;
    private long lastSnapshotAt;
    private boolean snapshotWriting;
    /** Own operations written but not yet durable, by seq. */
    private final TreeMap<Long, Operation> unloggedOwn = new TreeMap<>();

    SimStore(SimWorld world, String nodeId, long maxDiskDelayMillis, long snapshotEveryOps,
             long snapshotIntervalMillis) {
        this.world = world;
        this.nodeId = nodeId;
        this.maxDiskDelayMillis = maxDiskDelayMillis;
        this.snapshotEveryOps = snapshotEveryOps;
        this.snapshotIntervalMillis = snapshotIntervalMillis;
    }

    /** RegistryStore.recover: identity (a new incarnation on an empty disk), snapshot, then log replay. */
    Replica recover(SimContext<Message> context, long wallMillis) {
        ctx = context;
        generation++;
        lastDurableAt = ctx.now();
        lastSnapshotAt = ctx.now();
        loggedSinceSnapshot = 0;
        snapshotWriting = false;
        unloggedOwn.clear();
        lastRecoveryFresh = disk.origin == null;
        if (disk.origin == null) {
            disk.origin = nodeId + "~" + Long.toString(ctx.random().nextLong() & Long.MAX_VALUE, 36);
        }
        HybridClock clock = new HybridClock();
        Replica replica = disk.snapshot != null ? Replica.restore(disk.snapshot)
                : new Replica(disk.origin, clock, Replica.DEFAULT_MAX_PENDING);
        for (Operation op : disk.log) {
            replica.receive(op, wallMillis);
        }
        return replica;
    }

    void crash() {
        generation++;
    }

    /** Changes with every crash and restart: deferred work of an older value must not run. */
    int generation() {
        return generation;
    }

    String origin() {
        return disk.origin;
    }

    /** An own operation: {@code onDurable} runs once it is on disk, unless the process crashed first. */
    void appendOwn(Operation op, Runnable onDurable) {
        unloggedOwn.put(op.seq(), op);
        append(List.of(op), () -> {
            unloggedOwn.remove(op.seq());
            onDurable.run();
        });
    }

    boolean ownInFlight() {
        return !unloggedOwn.isEmpty();
    }

    /** When every append issued so far will be durable. */
    long lastDurableAt() {
        return lastDurableAt;
    }

    /** Replicated operations (RegistryCore.applied): appended without waiting; {@code onDurable} runs then. */
    void appendReplicated(List<Operation> ops, Runnable onDurable) {
        append(ops, onDurable);
    }

    /** Whether the last recovery found an empty disk (a new incarnation). */
    boolean lastRecoveryFresh() {
        return lastRecoveryFresh;
    }

    private void append(List<Operation> ops, Runnable onDurable) {
        loggedSinceSnapshot += ops.size();
        long at = Math.max(lastDurableAt, ctx.now() + 1 + ctx.random().nextInt((int) maxDiskDelayMillis));
        lastDurableAt = at;
        int gen = generation;
        world.sim.at(at, () -> {
            if (gen == generation) {
                disk.log.addAll(ops);
                if (onDurable != null) {
                    onDurable.run();
                }
            }
        });
    }

    /** An installed snapshot is not in the log: the next maintenance must write a snapshot. */
    void snapshotInstalled() {
        loggedSinceSnapshot = Long.MAX_VALUE / 2;
    }

    /** Maintenance.maybeSnapshot: due after enough operations or time, one write at a time. */
    void maybeSnapshot(Replica replica, dev.registry.node.gossip.DurableWatermark durable) {
        boolean due = loggedSinceSnapshot >= snapshotEveryOps || loggedSinceSnapshot > 0
                && ctx.now() - lastSnapshotAt >= snapshotIntervalMillis;
        if (!due || snapshotWriting) {
            return;
        }
        int covers = disk.log.size();
        ReplicaSnapshot snapshot = replica.snapshot();
        long installsCovered = durable.installsSoFar();
        loggedSinceSnapshot = 0;
        lastSnapshotAt = ctx.now();
        snapshotWriting = true;
        int gen = generation;
        world.sim.at(ctx.now() + 1 + ctx.random().nextInt((int) maxDiskDelayMillis * 3), () -> {
            if (gen == generation) {
                // The snapshot may hold own operations whose append is still in flight: durable now.
                long ownSeq = snapshot.vector().get(snapshot.nodeId());
                unloggedOwn.headMap(ownSeq, true).values().forEach(world.ledger::known);
                disk.truncateCovered(snapshot, covers);
                snapshotWriting = false;
                durable.snapshotSaved(installsCovered, snapshot.vector(), snapshot.clock());
            }
        });
    }

    /** An empty data directory; the ledger learns which of the old origin's operations may be lost. */
    void wipe() {
        world.ledger.wiped(disk.origin, world.durableSeqElsewhere(nodeId, disk.origin));
        disk = new SimDisk();
    }

    /** The highest contiguous seq of {@code origin} on this disk. */
    long durableSeqOf(String origin) {
        long seq = disk.snapshot == null ? 0 : disk.snapshot.vector().get(origin);
        for (Operation op : disk.log) {
            if (op.origin().equals(origin) && op.seq() == seq + 1) {
                seq = op.seq();
            }
        }
        return seq;
    }
}
