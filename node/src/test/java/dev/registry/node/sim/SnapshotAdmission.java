package dev.registry.node.sim;

import dev.registry.node.wire.Message;

/**
 * Bypass of {@link KnownBug#SNAPSHOT_EVICTION_LIVELOCK}: a node serves a snapshot to one receiver at a
 * time, so that a new transfer never evicts one in progress; a refused receiver stalls, syncs again and
 * retries later. Volatile: a new one per incarnation.
 */
final class SnapshotAdmission {

    private final long stallMillis;
    private String receiver;
    private long receiverSeenAt;

    /** @param stallMillis a receiver silent this long has given up (GossipCore: requestTimeout x 5) */
    SnapshotAdmission(long stallMillis) {
        this.stallMillis = stallMillis;
    }

    /** Whether to hand {@code request} from {@code from} to the gossip core at virtual {@code now}. */
    boolean admit(String from, Message.SnapshotRequest request, long now) {
        if (receiver != null && !receiver.equals(from) && request.snapshotId() == 0
                && now - receiverSeenAt <= stallMillis) {
            return false;
        }
        receiver = from;
        receiverSeenAt = now;
        return true;
    }

    /** Called for every outbound message: the last chunk to the receiver ends its transfer. */
    void sent(String to, Message message) {
        if (message instanceof Message.SnapshotChunk chunk && chunk.last() && to.equals(receiver)) {
            receiver = null;
        }
    }
}
