package dev.registry.node.gossip;

import dev.registry.merge.ApplyResult;
import dev.registry.merge.Replica;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.node.wire.Message;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Replication logic with no I/O: push of new operations, pull anti-entropy by version vectors, and
 * snapshot transfer to peers behind the compaction point. Each input returns the messages to send;
 * the shell ({@link GossipService}) does the sending, the simulations deliver them on virtual time.
 *
 * <p>Single-threaded: called only on the registry thread that owns the {@link Replica}.
 *
 * <p>Rules (numbered in node/README.md):
 * G1 own operations are pushed only once durable locally, so a crash can never make a node reuse a
 * sequence number its peers already hold;
 * G2 an anti-entropy exchange costs O(origins) bytes when in sync;
 * G3 a reply is bounded and says "more", and the requester asks again at once, before applying it;
 * G4 a requester whose missing operations were compacted away gets a chunked snapshot, then the rest;
 * G5 every message carries the sender's vector and clock: it is a stability report for safe compaction;
 * G6 a node that learns a peer holds operations it lacks pulls them from that peer: at once when the peer
 * asked it for a sync, or when a push shows a gap in the pusher's own operations (a lost push) or a lag
 * too large to be pushes still in flight;
 * G7 at most one sync exchange is in flight, and it asks by the applied vector, not the durable one, so no
 * batch is fetched twice, from two peers or while its append is still in flight; pulls G6 held back while
 * a stream ran are made when it ends, from the peers still ahead;
 * G8 a member that becomes a gossip target is synced with at once, or when the exchange in flight ends.
 */
public final class GossipCore {

    /** A message for the shell to send to one peer. */
    public record Outbound(String to, Message message) {
    }

    /** What the registry learns from replication, on the registry thread. */
    public interface Listener {
        /** Remote operations were applied (the registry persists them and publishes the changes). */
        void applied(String fromMember, List<Operation> ops, List<ApplyResult> results);

        /** A peer's snapshot was merged in; operations arriving in it are not in the local log. */
        void snapshotInstalled(String fromMember, List<ApplyResult> results);
    }

    private final String localMember;
    private final DurableState durable;
    private final Replica replica;
    private final GossipConfig config;
    private final Random random;
    private final Listener listener;
    private final StabilityReports reports = new StabilityReports();
    private final SnapshotTransfer snapshots;

    private List<String> peers = List.of();
    private final Map<String, VersionVector> peerVectors = new HashMap<>();
    private final Map<String, Long> lastHeardMillis = new HashMap<>();
    private final Exchanges exchanges;
    private final List<Operation> pushBuffer = new ArrayList<>();
    private final Map<String, OwnerBeacon> beacons = new HashMap<>();
    /** Snapshot requests waiting for own appends in flight to become durable (G1). */
    private final List<Outbound> deferredSnapshotRequests = new ArrayList<>();
    private long pushDueAt = Long.MAX_VALUE;
    private long lastPushAt = Long.MIN_VALUE / 2;
    private long nextSyncAt;
    private int syncCursor;
    private long syncRounds;
    private boolean heardFromPeer;
    /** The time of the input being handled, for witnessing peers' clocks. */
    private long now = -1;

    /** A core whose replica is durable as soon as it applies (simulations that model no disk). */
    public GossipCore(String localMember, Replica replica, GossipConfig config, Random random, Listener listener) {
        this(localMember, replica, config, random, listener, DurableState.ofApplied(replica));
    }

    /**
     * @param localMember this node's member id (the replica's origin id adds an incarnation to it)
     * @param durable     the durable vector and clock, reported in every message
     */
    public GossipCore(String localMember, Replica replica, GossipConfig config, Random random, Listener listener,
                      DurableState durable) {
        this.durable = durable;
        this.localMember = localMember;
        this.replica = replica;
        this.config = config;
        this.random = random;
        this.listener = listener;
        this.snapshots = new SnapshotTransfer(config.snapshotChunkKeys(), random);
        this.exchanges = new Exchanges(config.requestTimeout().toMillis());
    }

    public String origin() {
        return replica.nodeId();
    }

    /**
     * The members to gossip with (live members other than this node). A member that was not a target
     * before is synced with at once, or as soon as the exchange in flight ends (G8): it may just have come
     * back from a partition or a restart.
     */
    public List<Outbound> setPeers(Collection<String> memberIds, long now) {
        Set<String> before = new HashSet<>(peers);
        List<String> next = new ArrayList<>(new java.util.TreeSet<>(memberIds));
        next.remove(localMember);
        peers = List.copyOf(next);
        List<Outbound> out = new ArrayList<>();
        for (String peer : before) {
            if (!peers.contains(peer)) {
                exchanges.ended(peer); // gone: whatever was in flight is as good as lost
            }
        }
        for (String peer : peers) {
            if (before.contains(peer)) {
                continue;
            }
            // One exchange at a time (G7): the other new targets are synced with as each exchange ends.
            if (exchanges.anyInFlight(now)) {
                exchanges.holdBackNewTarget(peer);
            } else {
                out.add(syncRequest(peer, now));
            }
        }
        peerVectors.keySet().retainAll(peers);
        return out;
    }

    public List<String> peers() {
        return peers;
    }

    /**
     * Own operations that are now durable (G1): pushed at once when no push went out in the last push
     * delay, else batched into the push due when that delay has passed. A lone write waits for nothing;
     * a stream of them goes out at most once per delay.
     */
    public List<Outbound> localOpsDurable(List<Operation> ops, long now) {
        pushBuffer.addAll(ops);
        long delay = config.pushDelay().toMillis();
        if (pushBuffer.size() >= config.pushMaxOps() || now - lastPushAt >= delay) {
            lastPushAt = now;
            return flushPush();
        }
        if (pushDueAt == Long.MAX_VALUE) {
            pushDueAt = lastPushAt + delay;
        }
        return List.of();
    }

    /** When the shell must call {@link #tick} next at the latest. */
    public long nextWakeupAt() {
        return Math.min(pushDueAt, nextSyncAt);
    }

    public List<Outbound> tick(long now) {
        List<Outbound> out = new ArrayList<>();
        if (now >= pushDueAt) {
            lastPushAt = now;
            out.addAll(flushPush());
        }
        if (now >= nextSyncAt) {
            nextSyncAt = now + config.antiEntropyInterval().toMillis();
            if (!peers.isEmpty()) {
                String peer = peers.get(Math.floorMod(syncCursor++, peers.size()));
                if (!exchanges.anyInFlight(now)) {
                    out.add(syncRequest(peer, now));
                    syncRounds++;
                }
            }
        } else if (!exchanges.anyInFlight(now) && !snapshots.receiving()) {
            // An exchange that timed out ends here: what waited for it goes now, not at the next round.
            String next = exchanges.heldBackPull(replica.vector(), peers);
            if (next != null) {
                out.add(syncRequest(next, now));
            }
        }
        reports.observe(origin(), durable.vector(), durable.clock());
        out.addAll(snapshots.tick(now, config.requestTimeout().toMillis() * 5));
        if (!deferredSnapshotRequests.isEmpty() && !ownAppendsInFlight()) {
            for (Outbound deferred : deferredSnapshotRequests) {
                out.addAll(snapshots.serve(deferred.to(), (Message.SnapshotRequest) deferred.message(), replica));
            }
            deferredSnapshotRequests.clear();
        }
        return out;
    }

    public List<Outbound> receive(String from, Message message, long now) {
        this.now = now;
        lastHeardMillis.put(from, now);
        if (message instanceof Message.Push m) {
            applyPush(from, m, now);
            return pullIfPushShowsLoss(from, m, now);
        } else if (message instanceof Message.SyncRequest m) {
            return onSyncRequest(from, m, now);
        } else if (message instanceof Message.SyncReply m) {
            List<Outbound> out = new ArrayList<>(syncReplyArrived(from, m, now));
            out.addAll(applySyncReply(from, m, now));
            return out;
        } else if (message instanceof Message.SnapshotRequest m) {
            if (ownAppendsInFlight()) {
                // G1: the state holds own operations not yet durable; serve once they are.
                deferredSnapshotRequests.add(new Outbound(from, m));
                return List.of();
            }
            return snapshots.serve(from, m, replica);
        } else if (message instanceof Message.SnapshotChunk m) {
            return onSnapshotChunk(from, m, now);
        } else if (message instanceof Message.Beacon m) {
            beacons.put(m.owner(), new OwnerBeacon(m.leases(), m.leaseHash(), now));
        } else if (message instanceof Message.PushAck m) {
            notePeer(from, null, m.vector(), null);
        }
        return List.of();
    }

    /** Applies a push and answers nothing; used for plain pushes and for acks=2 requests alike. */
    public List<Operation> applyPush(String from, Message.Push m, long now) {
        this.now = now;
        notePeer(from, m.origin(), m.vector(), m.clock());
        List<ApplyResult> results = replica.receiveAll(m.ops(), now);
        listener.applied(from, m.ops(), results);
        return m.ops();
    }

    private List<Outbound> onSyncRequest(String from, Message.SyncRequest m, long now) {
        notePeer(from, m.origin(), m.vector(), m.clock());
        List<Outbound> out = new ArrayList<>(2);
        if (!replica.canServe(m.have())) {
            out.add(new Outbound(from, new Message.SyncReply(origin(), List.of(), durable.vector(),
                    durable.clock(), false, true)));
        } else {
            List<Operation> ops = replica.missingFor(m.have(), config.syncBatchOps() + 1);
            boolean more = ops.size() > config.syncBatchOps();
            List<Operation> batch = durableOnly(more ? ops.subList(0, config.syncBatchOps()) : ops);
            out.add(new Outbound(from, new Message.SyncReply(origin(), batch, durable.vector(),
                    durable.clock(), more, false)));
        }
        // G6: the requester holds what this node lacks; pull it (the push-pull half of the round), unless a
        // pull is already streaming (G7), whose end looks again.
        if (!replica.vector().dominates(m.have())) {
            if (exchanges.anyInFlight(now)) {
                exchanges.holdBack(from, m.have());
            } else {
                out.add(syncRequest(from, now));
            }
        }
        return out;
    }

    /**
     * First half of a sync reply (the shell sends what it returns before calling {@link #applySyncReply}):
     * when the reply says "more", the next request, asking by the vector this node will hold once the
     * batch is applied, so the peer prepares the next batch while this one is applied (G3).
     */
    public List<Outbound> syncReplyArrived(String from, Message.SyncReply m, long now) {
        this.now = now;
        lastHeardMillis.put(from, now);
        notePeer(from, m.origin(), m.vector(), m.clock());
        exchanges.ended(from);
        if (m.snapshotNeeded()) {
            return snapshots.start(from);
        }
        if (exchanges.anyInFlight(now)) {
            // A late reply (its exchange had expired): the stream now running goes on, this one waits (G7).
            if (m.more()) {
                exchanges.holdBack(from, m.vector());
            }
            return List.of();
        }
        VersionVector after = replica.vector().extendedBy(m.ops());
        if (m.more()) {
            return List.of(syncRequest(from, now, after));
        }
        // The stream ended: the pulls G7 held back while it ran, from peers that still hold more.
        String next = exchanges.heldBackPull(after, peers);
        return next == null ? List.of() : List.of(syncRequest(next, now, after));
    }

    /** Second half of a sync reply: its operations applied (nothing to send; the follow-up went first). */
    public List<Outbound> applySyncReply(String from, Message.SyncReply m, long now) {
        this.now = now;
        if (!m.snapshotNeeded() && !m.ops().isEmpty()) {
            List<ApplyResult> results = replica.receiveAll(m.ops(), now);
            listener.applied(from, m.ops(), results);
        }
        return List.of();
    }

    /**
     * G6 on a push: pull from the pusher when, with the push applied, this node still lacks operations of
     * the pusher's own origin that the pusher holds durably (a push of them was lost: pushes travel in
     * order and, in a cluster no larger than the fanout, go to every peer), or lacks more of any origin
     * than pushes in flight could explain.
     */
    private List<Outbound> pullIfPushShowsLoss(String from, Message.Push m, long now) {
        VersionVector mine = replica.vector();
        if (mine.dominates(m.vector())) {
            return List.of();
        }
        long lacking = 0;
        boolean pushLost = false;
        for (Map.Entry<String, Long> e : m.vector().asMap().entrySet()) {
            long behind = e.getValue() - mine.get(e.getKey());
            pushLost |= behind > 0 && e.getKey().equals(m.origin()) && peers.size() <= config.fanout();
            lacking += Math.max(0, behind);
        }
        if (!pushLost && lacking <= config.pushMaxOps()) {
            return List.of();
        }
        if (exchanges.anyInFlight(now)) {
            exchanges.holdBack(from, m.vector());
            return List.of();
        }
        return List.of(syncRequest(from, now));
    }

    private List<Outbound> onSnapshotChunk(String from, Message.SnapshotChunk m, long now) {
        SnapshotTransfer.Progress progress = snapshots.accept(from, m);
        if (progress.complete() != null) {
            ReplicaSnapshot snapshot = progress.complete();
            List<ApplyResult> results = replica.installSnapshot(snapshot, now);
            listener.snapshotInstalled(from, results);
            List<Outbound> out = new ArrayList<>(progress.next());
            out.add(syncRequest(from, now));
            return out;
        }
        return progress.next();
    }

    /**
     * G1 on every path, not only pushes: own operations whose append is still in flight are left out of
     * anti-entropy answers (a crash could otherwise reuse their sequence numbers). They follow by push.
     */
    private List<Operation> durableOnly(List<Operation> ops) {
        long durableOwn = durable.vector().get(origin());
        List<Operation> out = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            if (!op.origin().equals(origin()) || op.seq() <= durableOwn) {
                out.add(op);
            }
        }
        return out;
    }

    private boolean ownAppendsInFlight() {
        return replica.vector().get(origin()) > durable.vector().get(origin());
    }

    private void notePeer(String from, String peerOrigin, VersionVector vector, dev.registry.clock.Hlc clock) {
        if (clock != null && now >= 0) {
            witness(clock, now);
        }
        peerVectors.merge(from, vector, VersionVector::merge);
        reports.notePeer(from, peerOrigin, vector, clock);
    }

    private List<Outbound> flushPush() {
        pushDueAt = Long.MAX_VALUE;
        if (pushBuffer.isEmpty()) {
            return List.of();
        }
        Message.Push message = push(List.copyOf(pushBuffer));
        pushBuffer.clear();
        List<Outbound> out = new ArrayList<>();
        for (String peer : pushTargets()) {
            out.add(new Outbound(peer, message));
        }
        return out;
    }

    /** A push of {@code ops} stamped with this node's vector and clock (G5). */
    public Message.Push push(List<Operation> ops) {
        return new Message.Push(origin(), ops, durable.vector(), durable.clock());
    }

    private List<String> pushTargets() {
        if (peers.size() <= config.fanout()) {
            return peers;
        }
        List<String> shuffled = new ArrayList<>(peers);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled.subList(0, config.fanout());
    }

    private Outbound syncRequest(String peer, long now) {
        return syncRequest(peer, now, replica.vector());
    }

    /** A sync request asking for what {@code have} lacks (G7: by the applied vector, or the one to come). */
    private Outbound syncRequest(String peer, long now, VersionVector have) {
        exchanges.sent(peer, now);
        return new Outbound(peer, new Message.SyncRequest(origin(), durable.vector(), durable.clock(), have));
    }

    /**
     * The vector below which every one of {@code memberIds} (this node included) holds every operation:
     * what may be compacted. A member never heard from pins it at nothing.
     */
    public VersionVector frontier(Collection<String> memberIds) {
        return reports.frontier(memberIds, localMember, origin());
    }

    /**
     * Stamps below this are causally stable on every member: their tombstones may be collected. Held at
     * zero while members disagree on a retired origin (a wiped member's previous incarnation): Stability
     * follows current origins only, and operations of a retired one still on their way would otherwise
     * arrive below the collection point and be skipped.
     */
    public dev.registry.clock.Hlc stableBefore(Collection<String> memberIds) {
        return reports.stableBefore(memberIds, localMember, origin());
    }

    /**
     * True once a peer's clock was witnessed. A node that started a new incarnation must not write before:
     * its old incarnation promised peers that its later operations would be stamped above the clock it
     * reported, and only a peer's clock (which is above every member's collection point) restores that.
     */
    public boolean heardFromPeer() {
        return heardFromPeer;
    }

    private void witness(dev.registry.clock.Hlc clock, long now) {
        replica.clock().witness(clock, now);
        heardFromPeer = true;
    }

    /** The latest liveness beacon of a lease owner: its lease count and hash, and when it arrived (wall ms). */
    public record OwnerBeacon(int leases, long leaseHash, long receivedAt) {
    }

    /** Beacons to every peer: this node is alive and holds {@code leases} leases hashing to {@code hash}. */
    public List<Outbound> beacon(int leases, long hash) {
        List<Outbound> out = new ArrayList<>(peers.size());
        Message.Beacon beacon = new Message.Beacon(localMember, leases, hash, durable.clock());
        for (String peer : peers) {
            out.add(new Outbound(peer, beacon));
        }
        return out;
    }

    /** The last beacon heard from {@code owner}, if any. */
    public java.util.Optional<OwnerBeacon> beaconOf(String owner) {
        return java.util.Optional.ofNullable(beacons.get(owner));
    }

    /** Operations this node knows each peer lacks, from the peer's last reported vector. */
    public Map<String, Long> lagByPeer() {
        Map<String, Long> lag = new LinkedHashMap<>();
        VersionVector mine = replica.vector();
        for (String peer : peers) {
            VersionVector theirs = peerVectors.getOrDefault(peer, VersionVector.EMPTY);
            long behind = 0;
            for (Map.Entry<String, Long> e : mine.asMap().entrySet()) {
                behind += Math.max(0, e.getValue() - theirs.get(e.getKey()));
            }
            lag.put(peer, behind);
        }
        return lag;
    }

    public VersionVector peerVector(String member) {
        return peerVectors.getOrDefault(member, VersionVector.EMPTY);
    }

    /** True once some peer has answered and this node held everything that peer had. */
    public boolean caughtUpWith(String member) {
        VersionVector theirs = peerVectors.get(member);
        return theirs != null && replica.vector().dominates(theirs);
    }

    public long syncRounds() {
        return syncRounds;
    }

    public boolean receivingSnapshot() {
        return snapshots.receiving();
    }
}
