package dev.registry.node.gossip;

import java.util.HashMap;
import java.util.Map;

/**
 * Rule G7's bookkeeping: the sync exchanges in flight, by peer, and when each was sent. One that has gone
 * unanswered for the request timeout counts as lost. Registry thread only.
 */
final class Exchanges {

    private final Map<String, Long> sentAt = new HashMap<>();
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

    boolean anyInFlight(long now) {
        for (String peer : sentAt.keySet()) {
            if (inFlight(peer, now)) {
                return true;
            }
        }
        return false;
    }
}
