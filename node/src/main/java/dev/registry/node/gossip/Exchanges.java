package dev.registry.node.gossip;

import dev.registry.oplog.VersionVector;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rule G7's bookkeeping: the sync exchanges in flight, by peer, and when each was sent. One that has gone
 * unanswered for the request timeout counts as lost. Registry thread only.
 */
final class Exchanges {

    private final Map<String, Long> sentAt = new HashMap<>();
    /** Pulls (G6) not started because an exchange was in flight: the peer, and what it showed it held. */
    private final Map<String, VersionVector> heldBack = new LinkedHashMap<>();
    /** New gossip targets (G8) not synced with because an exchange was in flight; what they hold is unknown. */
    private final Set<String> newTargets = new LinkedHashSet<>();
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

    void holdBackNewTarget(String peer) {
        newTargets.add(peer);
    }

    /**
     * The next exchange once none is in flight: a new target not yet synced with, else a peer whose pull was
     * held back and that holds more than {@code have}; or null. Forgets it, and those before it that are
     * no longer peers or hold nothing more (the stream brought it).
     */
    String heldBackPull(VersionVector have, java.util.Collection<String> peers) {
        for (Iterator<String> it = newTargets.iterator(); it.hasNext(); ) {
            String peer = it.next();
            it.remove();
            if (peers.contains(peer)) {
                return peer;
            }
        }
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
