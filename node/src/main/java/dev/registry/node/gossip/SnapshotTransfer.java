package dev.registry.node.gossip;

import dev.registry.merge.KeyRecord;
import dev.registry.merge.Replica;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.node.gossip.GossipCore.Outbound;
import dev.registry.node.wire.Message;
import dev.registry.oplog.VersionVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chunked state transfer to a peer that lacks operations already compacted away (rule G4). The
 * receiver pulls one chunk at a time, so a slow receiver is never flooded and a lost chunk is simply
 * asked for again. Pure, single-threaded (the registry thread).
 */
final class SnapshotTransfer {

    /** Served snapshots held at once: each is a full copy of the key records. */
    private static final int MAX_SERVED = 2;
    /** A served snapshot nobody asked for in this long is dropped. */
    private static final long SERVED_IDLE_MILLIS = 60_000;
    /** A new transfer shares a snapshot taken this recently instead of taking another. */
    private static final long SHARE_MILLIS = 5_000;
    /** A snapshot fetched from this recently is in use and is not evicted. */
    private static final long IN_USE_MILLIS = 10_000;

    private record Served(long id, List<KeyRecord> keys, VersionVector vector, dev.registry.clock.Hlc collectedBelow,
                          long createdAt, long[] lastUsed) {
    }

    private record Receiving(String peer, long id, int nextChunk, List<KeyRecord> keys, long[] lastProgress) {
    }

    /** The outcome of one received chunk: requests to send, and the snapshot once complete. */
    record Progress(List<Outbound> next, ReplicaSnapshot complete) {
    }

    private final int chunkKeys;
    private final Random random;
    private final Map<Long, Served> served = new LinkedHashMap<>();
    private Receiving receiving;
    private long now;

    SnapshotTransfer(int chunkKeys, Random random) {
        this.chunkKeys = chunkKeys;
        this.random = random;
    }

    boolean receiving() {
        return receiving != null;
    }

    /** Starts fetching a snapshot from {@code peer}, unless a transfer is already under way. */
    List<Outbound> start(String peer) {
        if (receiving != null) {
            return List.of();
        }
        receiving = new Receiving(peer, 0, 0, new ArrayList<>(), new long[] {now});
        return List.of(new Outbound(peer, new Message.SnapshotRequest(0, 0)));
    }

    /**
     * Serves a chunk. A new transfer (snapshot id 0) shares the newest served snapshot while it is recent,
     * and a snapshot still being fetched is never evicted: evicting one in use restarted its receiver's
     * transfer, which evicted another, and with three receivers no transfer ever finished.
     */
    List<Outbound> serve(String from, Message.SnapshotRequest request, Replica replica) {
        Served snapshot = served.get(request.snapshotId());
        if (snapshot == null) {
            snapshot = newest();
            boolean fresh = snapshot != null && now - snapshot.createdAt() <= SHARE_MILLIS;
            if (!fresh && (served.size() < MAX_SERVED || evictIdle())) {
                ReplicaSnapshot taken = replica.snapshot();
                long id = random.nextLong() & Long.MAX_VALUE | 1L;
                snapshot = new Served(id, taken.keys(), taken.vector(), taken.collectedBelow(), now, new long[] {now});
                served.put(id, snapshot);
            }
            if (snapshot == null) {
                return List.of();
            }
            snapshot.lastUsed()[0] = now;
            return List.of(new Outbound(from, chunk(snapshot, 0)));
        }
        snapshot.lastUsed()[0] = now;
        return List.of(new Outbound(from, chunk(snapshot, request.chunk())));
    }

    private Served newest() {
        Served newest = null;
        for (Served s : served.values()) {
            if (newest == null || s.createdAt() > newest.createdAt()) {
                newest = s;
            }
        }
        return newest;
    }

    /** Evicts the least recently used snapshot if nobody fetched from it lately; false if all are in use. */
    private boolean evictIdle() {
        Served lru = null;
        for (Served s : served.values()) {
            if (lru == null || s.lastUsed()[0] < lru.lastUsed()[0]) {
                lru = s;
            }
        }
        if (lru != null && now - lru.lastUsed()[0] > IN_USE_MILLIS) {
            served.remove(lru.id());
            return true;
        }
        return false;
    }

    private Message.SnapshotChunk chunk(Served snapshot, int index) {
        int from = Math.min(index * chunkKeys, snapshot.keys().size());
        int to = Math.min(from + chunkKeys, snapshot.keys().size());
        boolean last = to >= snapshot.keys().size();
        return new Message.SnapshotChunk(snapshot.id(), index, last, List.copyOf(snapshot.keys().subList(from, to)),
                last ? snapshot.vector() : VersionVector.EMPTY,
                last ? snapshot.collectedBelow() : dev.registry.clock.Hlc.ZERO);
    }

    Progress accept(String from, Message.SnapshotChunk chunk) {
        if (receiving == null || !receiving.peer().equals(from)) {
            return new Progress(List.of(), null);
        }
        if (chunk.chunk() == 0 && chunk.snapshotId() != receiving.id()) {
            // A fresh snapshot (first, or the server dropped the old one): start over with it.
            receiving = new Receiving(from, chunk.snapshotId(), 0, new ArrayList<>(), new long[] {now});
        }
        if (chunk.snapshotId() != receiving.id() || chunk.chunk() != receiving.nextChunk()) {
            return new Progress(List.of(), null);
        }
        receiving.keys().addAll(chunk.keys());
        if (chunk.last()) {
            ReplicaSnapshot snapshot = new ReplicaSnapshot(from, chunk.vector(), 0, dev.registry.clock.Hlc.ZERO,
                    receiving.keys(), chunk.collectedBelow());
            receiving = null;
            return new Progress(List.of(), snapshot);
        }
        receiving = new Receiving(from, receiving.id(), chunk.chunk() + 1, receiving.keys(), new long[] {now});
        return new Progress(List.of(new Outbound(from,
                new Message.SnapshotRequest(receiving.id(), receiving.nextChunk()))), null);
    }

    /** Drops idle served snapshots and abandons a transfer that stopped making progress. */
    List<Outbound> tick(long nowMillis, long stallMillis) {
        this.now = nowMillis;
        served.values().removeIf(s -> nowMillis - s.lastUsed()[0] > SERVED_IDLE_MILLIS);
        if (receiving != null && nowMillis - receiving.lastProgress()[0] > stallMillis) {
            receiving = null;
        }
        return List.of();
    }
}
