package dev.registry.node.registry;

import java.util.Set;

/**
 * What the registry core needs to know of membership, as plain values (the node derives it from the
 * Raft-managed view; tests and simulations hand it in directly).
 *
 * @param live      members believed up (this node included): gossip targets and adopters
 * @param members   every member not GONE (this node included): the compaction frontier covers them all
 * @param gone      members Raft declared GONE: their leases are adopted
 * @param hasQuorum this node reaches a Raft majority; without it the node expires no lease (I5)
 */
public record ClusterView(String localId, Set<String> live, Set<String> members, Set<String> gone, boolean hasQuorum,
                          boolean membershipReady) {

    public ClusterView {
        live = Set.copyOf(live);
        members = Set.copyOf(members);
        gone = Set.copyOf(gone);
    }

    public static ClusterView standalone(String localId) {
        return new ClusterView(localId, Set.of(localId), Set.of(localId), Set.of(), true, true);
    }
}
