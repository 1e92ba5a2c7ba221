package dev.registry.membership;

/**
 * Life cycle of a member in the Raft-backed record.
 *
 * <p>JOINING -> ACTIVE once the record has it and the failure detector sees it; ACTIVE -> SUSPECTED when
 * the failure detector loses it (SUSPECTED is local, not committed: each node reports what it sees);
 * SUSPECTED -> GONE after {@code goneAfter} (committed); LEAVING -> GONE on a clean leave. A GONE member
 * that comes back with the same id becomes ACTIVE again (a restart with the same data directory).
 */
public enum MemberState {
    JOINING,
    ACTIVE,
    SUSPECTED,
    LEAVING,
    GONE;

    /** Members that count for gossip targets, lease adoption and the peer list clients learn. */
    public boolean live() {
        return this != GONE && this != LEAVING;
    }
}
