package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.clock.HybridClock;
import dev.registry.model.InstanceKey;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.OperationLog;
import dev.registry.oplog.VersionVector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's replica: its hybrid clock, operation log, materialized state and version vector.
 * Mutable and NOT thread-safe: the node's single registry event thread owns it. Pure: time is
 * passed in as {@code nowMillis} (epoch millis of the caller's wall clock).
 *
 * <p>Invariants: the log holds exactly the applied operations not yet compacted; for every origin,
 * {@code vector.get(origin)} is the highest contiguous seq applied; operations that arrive ahead of
 * a gap wait in a bounded buffer and are applied in seq order once the gap fills.
 */
public final class Replica {

    /** Buffered out-of-order operations beyond this are dropped; anti-entropy re-sends them. */
    public static final int DEFAULT_MAX_PENDING = 100_000;

    private final String nodeId;
    private final HybridClock clock;
    private final OperationLog log = new OperationLog();
    private final RegistryState state;
    private final int maxPending;
    private final Map<String, TreeMap<Long, Operation>> pending = new HashMap<>();
    private VersionVector vector;
    private long ownSeq;
    private int pendingCount;
    private long droppedPending;
    private ApplyResult lastResult;

    public Replica(String nodeId) {
        this(nodeId, new HybridClock(), DEFAULT_MAX_PENDING);
    }

    public Replica(String nodeId, HybridClock clock, int maxPending) {
        this(nodeId, clock, maxPending, new RegistryState(), VersionVector.EMPTY, 0);
    }

    private Replica(String nodeId, HybridClock clock, int maxPending, RegistryState state, VersionVector vector,
                    long ownSeq) {
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("replica needs a node id");
        }
        this.nodeId = nodeId;
        this.clock = clock;
        this.maxPending = maxPending;
        this.state = state;
        this.vector = vector;
        this.ownSeq = ownSeq;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * A local write: ticks the clock, takes the next own seq, appends and applies. Returns the
     * operation (to persist and gossip); its effect is {@link #lastResult()}.
     */
    public Operation write(InstanceKey key, OpPayload payload, long nowMillis) {
        Hlc hlc = clock.tick(nowMillis);
        Operation op = new Operation(nodeId, ownSeq + 1, hlc, key, payload);
        applyNext(op);
        return op;
    }

    /** The result of the latest {@link #write} (or of the latest operation applied by receive). */
    public ApplyResult lastResult() {
        return lastResult;
    }

    /**
     * A remote operation (or one of our own, replayed from the durable log). Duplicates are ignored,
     * operations ahead of a gap are buffered; returns the results of everything applied, in order.
     */
    public List<ApplyResult> receive(Operation op, long nowMillis) {
        long have = vector.get(op.origin());
        if (op.seq() <= have) {
            return List.of();
        }
        if (op.seq() > have + 1) {
            buffer(op);
            return List.of();
        }
        clock.witnessPacked(op.hlc().pack(), nowMillis);
        ApplyResult result = applyNext(op);
        if (!pending.containsKey(op.origin())) {
            return List.of(result); // the common case: nothing buffered behind it
        }
        List<ApplyResult> results = new ArrayList<>();
        results.add(result);
        drain(op.origin(), results, nowMillis);
        return results;
    }

    public List<ApplyResult> receiveAll(List<Operation> ops, long nowMillis) {
        List<ApplyResult> results = new ArrayList<>();
        for (Operation op : ops) {
            results.addAll(receive(op, nowMillis));
        }
        return results;
    }

    private ApplyResult applyNext(Operation op) {
        log.append(op);
        vector = vector.with(op.origin(), op.seq());
        if (op.origin().equals(nodeId)) {
            ownSeq = Math.max(ownSeq, op.seq());
        }
        lastResult = state.apply(op);
        return lastResult;
    }

    private void buffer(Operation op) {
        TreeMap<Long, Operation> queue = pending.computeIfAbsent(op.origin(), o -> new TreeMap<>());
        if (queue.containsKey(op.seq())) {
            return;
        }
        if (pendingCount >= maxPending) {
            droppedPending++;
            return;
        }
        queue.put(op.seq(), op);
        pendingCount++;
    }

    /** Applies buffered successors of {@code origin} and discards buffered duplicates. */
    private void drain(String origin, List<ApplyResult> results, long nowMillis) {
        TreeMap<Long, Operation> queue = pending.get(origin);
        while (queue != null && !queue.isEmpty()) {
            long have = vector.get(origin);
            Map.Entry<Long, Operation> first = queue.firstEntry();
            if (first.getKey() > have + 1) {
                return;
            }
            queue.pollFirstEntry();
            pendingCount--;
            if (first.getKey() == have + 1) {
                clock.witnessPacked(first.getValue().hlc().pack(), nowMillis);
                results.add(applyNext(first.getValue()));
            }
        }
        pending.remove(origin);
    }

    public int pendingCount() {
        return pendingCount;
    }

    /** Out-of-order operations dropped because the buffer was full. */
    public long droppedPending() {
        return droppedPending;
    }

    public VersionVector vector() {
        return vector;
    }

    public List<Operation> missingFor(VersionVector peer, int max) {
        return log.missingFor(peer, max);
    }

    public boolean canServe(VersionVector peer) {
        return log.canServe(peer);
    }

    public RegistryState state() {
        return state;
    }

    public OperationLog log() {
        return log;
    }

    public HybridClock clock() {
        return clock;
    }

    /** The seq the next local write will get. */
    public long nextSeq() {
        return ownSeq + 1;
    }

    /** Drops log operations every member has (seq <= frontier); see {@link Stability#frontier}. */
    public int compact(VersionVector frontier) {
        return log.compactBelow(frontier);
    }

    /** Drops tombstones below a stable stamp; see {@link Stability#stableBefore}. */
    public int collectTombstones(Hlc stableBefore) {
        return state.collectTombstones(stableBefore);
    }

    /** The state now, its keys in no particular order. O(keys): taken on the thread that owns the replica. */
    public ReplicaSnapshot snapshot() {
        return new ReplicaSnapshot(nodeId, vector, ownSeq, clock.current(), state.exportKeysUnordered(),
                state.collectedBelow());
    }

    /** This node's own snapshot, after a restart: the log restarts empty just after the vector. */
    public static Replica restore(ReplicaSnapshot snapshot) {
        return restore(snapshot, HybridClock.DEFAULT_MAX_DRIFT_MILLIS, DEFAULT_MAX_PENDING);
    }

    public static Replica restore(ReplicaSnapshot snapshot, long maxDriftMillis, int maxPending) {
        Replica replica = new Replica(snapshot.nodeId(), new HybridClock(maxDriftMillis, snapshot.clock()), maxPending,
                RegistryState.restore(snapshot.keys(), snapshot.collectedBelow()), snapshot.vector(),
                Math.max(snapshot.ownSeq(), snapshot.vector().get(snapshot.nodeId())));
        for (Map.Entry<String, Long> e : snapshot.vector().asMap().entrySet()) {
            replica.log.advanceTo(e.getKey(), e.getValue());
        }
        return replica;
    }

    /**
     * Installs a peer's snapshot (this node fell behind the peer's compaction point): joins the
     * peer's keys into the state and its vector into ours, keeps our own seq and retained log, and
     * applies buffered operations that became contiguous. Returns every visible change.
     *
     * <p>The snapshot may be stale (a delayed message): its registers below our collection horizon
     * are ignored, so it cannot revive a key whose tombstone we already collected. Our keys it does not
     * hold whose stamps are all below its horizon are dropped (rule P10: the peer collected their
     * tombstones while we were away). The peer's own horizon is adopted afterwards (rule C12).
     */
    public List<ApplyResult> installSnapshot(ReplicaSnapshot peerSnapshot, long nowMillis) {
        List<ApplyResult> results = new ArrayList<>();
        for (KeyRecord record : peerSnapshot.keys()) {
            ApplyResult result = state.merge(record);
            if (result.changed()) {
                results.add(result);
            }
        }
        for (Map.Entry<String, Long> e : peerSnapshot.vector().asMap().entrySet()) {
            if (e.getValue() > log.lastSeq(e.getKey())) {
                log.advanceTo(e.getKey(), e.getValue());
            }
        }
        vector = vector.merge(peerSnapshot.vector());
        java.util.Set<dev.registry.model.InstanceKey> held = new java.util.HashSet<>();
        peerSnapshot.keys().forEach(record -> held.add(record.key()));
        results.addAll(state.dropAbsentBelow(held, peerSnapshot.collectedBelow()));
        state.collectTombstones(peerSnapshot.collectedBelow());
        ownSeq = Math.max(ownSeq, vector.get(nodeId));
        clock.witness(peerSnapshot.clock(), nowMillis);
        for (String origin : new ArrayList<>(pending.keySet())) {
            drain(origin, results, nowMillis);
        }
        return results;
    }
}
