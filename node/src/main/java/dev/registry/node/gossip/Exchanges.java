package dev.registry.node.gossip;

import dev.registry.oplog.VersionVector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rule G7's bookkeeping: the sync exchanges in flight, by peer, and when each was sent. One that has gone
 * unanswered for the request timeout counts as lost. Registry thread only.
 */
final class Exchanges {

    private final Map<String, Long> sentAt = new HashMap<>();
    /** Pulls (G6) not started because an exchange was in flight: the peer, and what it showed it held. */
    private final Map<String, VersionVector> heldBack = new LinkedHashMap<>();
    private final long timeoutMillis;

    Exchanges(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    void sent(String peer, long now) {
        sentAt.put(peer, now);
    }

    /** Answered, or its peer is gone. */
    void ended(String peer) {
        sentAt.remove(peer);
    }

    boolean inFlight(String peer, long now) {
        Long at = sentAt.get(peer);
        return at != null && now - at < timeoutMillis;
    }

    void holdBack(String peer, VersionVector holds) {
        heldBack.merge(peer, holds, VersionVector::merge);
    }

    /**
     * A peer whose pull was held back and that holds more than {@code have}, or null; forgets it, and
     * those before it that hold nothing more (the stream brought it) or are no longer peers.
     */
    String heldBackPull(VersionVector have, java.util.Collection<String> peers) {
        for (Iterator<Map.Entry<String, VersionVector>> it = heldBack.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, VersionVector> e = it.next();
            it.remove();
            if (!have.dominates(e.getValue()) && peers.contains(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    boolean anyInFlight(long now) {
        for (String peer : sentAt.keySet()) {
            if (inFlight(peer, now)) {
                return true;
            }
        }
        return false;
    }
}
