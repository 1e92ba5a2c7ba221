package dev.registry.membership;

/** A voter holds a Raft vote (the StatefulSet pods); a peer is a non-voting member that gossips and serves. */
public enum Role {
    VOTER,
    PEER
}
