package dev.registry.client.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry peers the client knows and the one it sticks to. The client keeps talking to the
 * current peer while it answers (its watch and its heartbeats go there, so lease ownership and the
 * watch stay in one place); a peer that fails is quarantined for {@code quarantineNanos} and the
 * next peer becomes current. Quarantined peers are still tried, last, so a client never gives up
 * while any address might answer.
 *
 * Pure: time is passed in. Thread-safe: all methods synchronize on this; none blocks.
 */
public final class PeerSet {

    private final List<String> seeds;
    private final long quarantineNanos;
    /** Told (outside the lock, on the thread that saw the failure) when the client moves to another peer. */
    @FunctionalInterface
    public interface Listener {
        void moved(String from, String to, String reason);
    }

    private final Listener onCurrentChanged;
    private List<String> peers;
    private final Map<String, Long> quarantinedUntil = new HashMap<>();
    private String current;

    public PeerSet(List<String> seeds, long quarantineNanos, Listener onCurrentChanged) {
        this.seeds = List.copyOf(seeds);
        this.peers = this.seeds;
        this.quarantineNanos = quarantineNanos;
        this.onCurrentChanged = onCurrentChanged;
        this.current = this.seeds.get(0);
    }

    public synchronized String current() {
        return current;
    }

    public synchronized List<String> peers() {
        return peers;
    }

    /** The order to try peers in for one request: current, then healthy others, then quarantined ones. */
    public synchronized List<String> attemptOrder(long nowNanos) {
        List<String> healthy = new ArrayList<>(peers.size());
        List<String> quarantined = new ArrayList<>();
        healthy.add(current);
        for (String peer : peers) {
            if (peer.equals(current)) {
                continue;
            }
            (isQuarantined(peer, nowNanos) ? quarantined : healthy).add(peer);
        }
        if (isQuarantined(current, nowNanos) && healthy.size() > 1) {
            healthy.remove(0);
            quarantined.add(0, current);
        }
        healthy.addAll(quarantined);
        return healthy;
    }

    /** A peer answered: it is healthy, and becomes current if the current one is quarantined. */
    public void onSuccess(String peer, long nowNanos) {
        String moved;
        synchronized (this) {
            quarantinedUntil.remove(peer);
            if (peer.equals(current) || !isQuarantined(current, nowNanos)) {
                return;
            }
            moved = current;
            current = peer;
        }
        onCurrentChanged.moved(moved, peer, peer + " answered while " + moved + " is quarantined");
    }

    /** A peer failed (I/O error, timeout or 5xx): quarantine it and move away if it was current. */
    public void onFailure(String peer, long nowNanos, String reason) {
        String next;
        synchronized (this) {
            quarantinedUntil.put(peer, nowNanos + quarantineNanos);
            if (!peer.equals(current)) {
                return;
            }
            next = null;
            int at = peers.indexOf(peer);
            for (int i = 1; i <= peers.size(); i++) {
                String candidate = peers.get(Math.floorMod(at + i, peers.size()));
                if (!candidate.equals(peer) && !isQuarantined(candidate, nowNanos)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            current = next;
        }
        onCurrentChanged.moved(peer, next, reason);
    }

    /**
     * Replaces the learned members. Seeds stay at the end of the list as a fallback, so a client
     * whose whole learned membership moved away can still find the cluster again.
     */
    public synchronized void updateMembers(List<String> members) {
        Set<String> merged = new LinkedHashSet<>(members);
        merged.addAll(seeds);
        peers = List.copyOf(merged);
        quarantinedUntil.keySet().retainAll(merged);
    }

    private boolean isQuarantined(String peer, long nowNanos) {
        Long until = quarantinedUntil.get(peer);
        return until != null && nowNanos - until < 0;
    }
}
