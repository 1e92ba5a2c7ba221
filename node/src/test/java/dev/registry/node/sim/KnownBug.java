package dev.registry.node.sim;

/**
 * Bugs in the production code this simulation found (see KnownBugsTest for the failing seed of each).
 * A run can step around each one ("bypass"), so that the other invariants are still checked over every
 * seed; the bug tests run without the bypass and fail until the production code is fixed. A bypass
 * never changes production code: it changes what the simulated disk or membership does.
 */
enum KnownBug {
    /** LeaseKeeper.applied throws on an EXPIRED result of a snapshot merge (its op is null). */
    SNAPSHOT_EXPIRY_NPE,
    /**
     * GossipCore reports its volatile vector and clock (G5) while replicated operations are still being
     * appended; a crash then takes back what peers already used to move their collection horizon. The
     * bypass makes replicated operations durable the moment they are applied.
     */
    VOLATILE_STABILITY_REPORT,
    /**
     * A member Raft marked GONE drops out of the compaction frontier and stable stamp (ClusterView.members),
     * so the others collect tombstones it never saw; when it comes back with its disk, nothing removes the
     * instances those tombstones had deleted (resurrection). The bypass keeps GONE members in the frontier
     * (they still lose their leases to adoption).
     */
    GONE_MEMBER_RETURNS_WITH_DATA,
    /**
     * G1 holds on the push path only: anti-entropy (SyncReply, the push-back in onSyncReply) and snapshot
     * transfer serve the replica's log and state, which hold own operations not yet durable. A crash then
     * reuses their sequence numbers. The bypass holds an outbound SyncReply, Push or SnapshotChunk while
     * own appends are in flight, until they are all durable (what the gossip shell would have to do).
     */
    OWN_OPS_SERVED_BEFORE_DURABLE,
    /**
     * SnapshotTransfer keeps at most MAX_SERVED (2) snapshots and a new request (snapshotId 0) evicts the
     * oldest even while its receiver is still fetching chunks; that receiver's next request then gets chunk 0
     * of a brand-new snapshot, which evicts another one. With three or more receivers on one server and
     * snapshots of more than one chunk, no transfer ever completes (thousands of restarts, none installed).
     * The bypass makes a node serve one receiver at a time (others are refused and retry).
     */
    SNAPSHOT_EVICTION_LIVELOCK,
    /**
     * Stability (GossipCore.stableBefore -> Stability) covers only the current origin of each member, so a
     * wiped node's new incarnation breaks it two ways: (a) operations of the retired origin that some node
     * still lacks (the new incarnation itself, starting empty, or a peer) arrive below that node's horizon
     * and are skipped: the vector advances, the effect is lost (I1, I4); (b) the new incarnation's HLC starts
     * from zero (RegistryStore.recover on an empty directory) and stamps its first operations below the clock
     * its old incarnation reported, which peers still mapping the member to the old origin take as its
     * stability, so they skip the new operations too. The bypass starts the new clock at the old
     * incarnation's last clock, and collects tombstones only while the node holds every operation any member
     * reported having.
     */
    NEW_INCARNATION_BREAKS_STABILITY
}
