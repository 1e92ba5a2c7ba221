package dev.registry.node.sim;

import dev.registry.sim.SeededRuns;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bugs the simulation found in the production code ({@link KnownBug}): each test runs the 3-node
 * seeds with every other bypass on and its own off, and must keep I1-I5 on all of them. These tests FAIL
 * until the production code is fixed, naming the first failing seed (replay it alone with
 * {@code NodeSimulationTest#replayOneSeed} and {@code -Dsim.bypass=} the other bugs); they are kept on
 * purpose: they are the simulation's findings, not flaky tests. The seed named in each comment is the
 * first failing one at the time of writing; a change to {@link Scenario} moves seeds, so after one, find the
 * new first failing seed by running the seeds with {@code -Dsim.bypass=} every other bug.
 */
@Timeout(60)
class KnownBugsTest {

    /**
     * LeaseKeeper.applied reads result.op().origin() for every EXPIRED result, but results of a snapshot
     * merge (GossipCore.onSnapshotChunk -> Listener.snapshotInstalled) have op == null: NullPointerException
     * on the registry thread, the rest of the installed results are never observed and the follow-up
     * SyncRequest is never sent. First failing seed: 3095.
     */
    @Test
    void snapshotCarryingAnExpiryCrashesTheLeaseKeeper() {
        runWithout(KnownBug.SNAPSHOT_EXPIRY_NPE);
    }

    /**
     * GossipCore stamps every message with replica.vector() and clock (G5, a stability report) although
     * RegistryCore.applied appends replicated operations asynchronously. A node applies a peer's DEREGISTER,
     * reports it, crashes before the append is durable; the others collect the tombstone and compact (or
     * move their horizon past operations it lost); it restarts without them, installs a snapshot that has
     * no record of the key and keeps it: I1, I3, I4. Rarer than the others (2 of 1,500 seeds): the scan
     * starts at the first failing seed, 3994 (4021 fails too).
     */
    @Test
    void stabilityReportCoversOperationsNotYetDurable() {
        runWithout(KnownBug.VOLATILE_STABILITY_REPORT, 3, 3_994);
    }

    /**
     * A member Raft marked GONE leaves ClusterView.members, so the frontier and stable stamp skip it; it
     * later restarts from its disk. Tombstones collected meanwhile cannot delete what it still holds
     * (resurrection, I3), and its own operations stamped below the others' horizon are skipped by them
     * (the vector advances, the effect is lost: I1, I2, I4). First failing seed: 3001.
     */
    @Test
    void goneMemberComingBackWithItsDiskResurrectsCollectedKeys() {
        runWithout(KnownBug.GONE_MEMBER_RETURNS_WITH_DATA);
    }

    /**
     * Rule G1 is applied to pushes only: onSyncRequest, the push-back in onSyncReply and SnapshotTransfer serve
     * replica.log()/snapshot(), which already hold own operations whose append is still in flight. A crash
     * then reuses their sequence numbers: a later acknowledged write is dropped by every peer as a duplicate.
     * First failing seed: 3016.
     */
    @Test
    void antiEntropyServesOwnOperationsBeforeTheyAreDurable() {
        runWithout(KnownBug.OWN_OPS_SERVED_BEFORE_DURABLE);
    }

    /**
     * Stability covers only each member's current origin: after a wiped restart, operations of the retired
     * origin (and the new incarnation's first operations, stamped by a clock restarted from zero below what
     * the old incarnation reported) arrive below some node's horizon and are skipped (I1, I4). First failing
     * seed: 3075.
     */
    @Test
    void newIncarnationOperationsAreSkippedBelowTheHorizon() {
        runWithout(KnownBug.NEW_INCARNATION_BREAKS_STABILITY);
    }

    /**
     * SnapshotTransfer keeps two served snapshots and evicts one still being fetched; with three or more
     * receivers on one server (a 7-node cluster healing from a partition) and multi-chunk snapshots, every
     * transfer restarts forever: no agreement after heal (I1), thousands of first chunks, no install.
     * The scan starts at the first failing 7-node seed, 8130 (three receivers, ~3,088 restarts each, none
     * installed; 8810 fails too: 2 of 1,500 seeds).
     */
    @Test
    void concurrentSnapshotReceiversEvictEachOtherForever() {
        runWithout(KnownBug.SNAPSHOT_EVICTION_LIVELOCK, 7, 8_130);
    }

    private static void runWithout(KnownBug bug) {
        runWithout(bug, 3, 3_000);
    }

    private static void runWithout(KnownBug bug, int nodes, long firstSeed) {
        Set<KnownBug> bypasses = EnumSet.allOf(KnownBug.class);
        bypasses.remove(bug);
        SeededRuns.forEachSeed(firstSeed, NodeSimulationTest.SEEDS, s -> NodeSimulationTest.check(Scenario.run(s,
                nodes, SimNode.Variant.FAITHFUL, bypasses)));
    }
}
