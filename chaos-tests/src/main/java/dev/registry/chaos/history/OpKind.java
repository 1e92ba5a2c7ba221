package dev.registry.chaos.history;

/** What an operation does. NEMESIS entries record faults and heals on the same clock as client ops. */
public enum OpKind {
    REGISTER, DEREGISTER, HEARTBEAT, SET_STATUS, READ, DIGEST, NEMESIS;

    /** Writes that change whether a key is present (heartbeats and status changes do not). */
    public boolean changesPresence() {
        return this == REGISTER || this == DEREGISTER;
    }
}
