package dev.registry.merge;

/** The value of a key's liveness register: written by REGISTER, DEREGISTER and EXPIRE. */
public enum Liveness {
    ALIVE,
    /** A tombstone left by DEREGISTER. */
    DEREGISTERED,
    /** A tombstone left by EXPIRE (the lease owner saw no heartbeat in time). */
    EXPIRED
}
