package dev.registry.node.registry;

import dev.registry.clock.Hlc;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.node.gossip.GossipCore;
import dev.registry.node.runtime.TimeSource;
import dev.registry.oplog.VersionVector;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log and the tombstones bounded (P15) without ever breaking I3:
 * M1 the log is compacted only below the frontier over every Raft member (not only the ones gossip
 *    has heard from: a member never heard from pins the frontier at nothing);
 * M2 tombstones are collected below the stable stamp, or past the horizon (P10(b));
 * M3 a state snapshot is written after enough logged operations or time, off the registry thread, and
 *    only then are the log segments it covers dropped.
 * Runs on the registry thread except the snapshot write.
 */
final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final RegistryCore core;
    private final GossipCore gossip;
    private final RegistryStore store;
    private final RegistryConfig config;
    private final TimeSource time;
    private final Supplier<ClusterView> cluster;
    private final ExecutorService snapshotWriter;
    private final AtomicBoolean writing = new AtomicBoolean();
    private long lastSnapshotAt;
    private long compacted;
    private long collected;
    private long snapshotsWritten;

    Maintenance(RegistryCore core, GossipCore gossip, RegistryStore store, RegistryConfig config, TimeSource time,
                Supplier<ClusterView> cluster, ExecutorService snapshotWriter) {
        this.core = core;
        this.gossip = gossip;
        this.store = store;
        this.config = config;
        this.time = time;
        this.cluster = cluster;
        this.snapshotWriter = snapshotWriter;
        this.lastSnapshotAt = time.monotonicMillis();
    }

    void run() {
        ClusterView view = cluster.get();
        if (view.membershipReady()) {
            VersionVector frontier = gossip.frontier(view.members());
            compacted += core.replica().compact(frontier);
            Hlc stable = gossip.stableBefore(view.members());
            collected += core.replica().collectTombstones(stable);
        }
        long horizon = time.wallMillis() - config.tombstoneHorizon().toMillis();
        if (horizon > 0) {
            collected += core.replica().collectTombstones(new Hlc(horizon, 0));
        }
        maybeSnapshot();
    }

    private void maybeSnapshot() {
        long now = time.monotonicMillis();
        long logged = core.loggedSinceSnapshot();
        boolean due = logged >= config.snapshotEveryOps()
                || logged > 0 && now - lastSnapshotAt >= config.snapshotInterval().toMillis();
        if (!due || !writing.compareAndSet(false, true)) {
            return;
        }
        // Every record durable now was applied before this point, so the snapshot covers it (D3).
        long covers = store.lastDurableRecord();
        ReplicaSnapshot snapshot = core.replica().snapshot();
        long installsCovered = core.durable().installsSoFar();
        core.snapshotTaken();
        lastSnapshotAt = now;
        snapshotWriter.execute(() -> {
            try {
                store.saveSnapshot(snapshot, covers);
                snapshotsWritten++;
                core.loop().execute(() -> core.durable().snapshotSaved(installsCovered, snapshot.vector(),
                        snapshot.clock()));
            } catch (Exception e) {
                LOG.warn("node {}: snapshot failed; the log keeps everything until the next try", core.localId(), e);
            } finally {
                writing.set(false);
            }
        });
    }

    long compacted() {
        return compacted;
    }

    long collected() {
        return collected;
    }

    long snapshotsWritten() {
        return snapshotsWritten;
    }
}
