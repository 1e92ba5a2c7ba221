package dev.registry.api;

/** Header and parameter names of the HTTP API. */
public final class ApiHeaders {
    /** The index of the answered service (or of the registry); pass it back as {@code ?index=} to block. */
    public static final String INDEX = "X-Registry-Index";
    /** Set by a node serving from a state it knows to be behind (not yet ready). */
    public static final String STALE = "X-Registry-Stale";
    /**
     * On a write: the instant, in epoch milliseconds of the client's clock, after which the node must no
     * longer apply it (the client has given up on this attempt and may retry elsewhere). A node that
     * receives the write later answers 408 {@code deadline_exceeded} and stores nothing, so a retried
     * request delayed in the network or in a paused node cannot apply after the client moved on.
     */
    public static final String DEADLINE = "X-Registry-Deadline";

    private ApiHeaders() {
    }
}
