package dev.registry.api;

/** Header and parameter names of the HTTP API. */
public final class ApiHeaders {
    /** The index of the answered service (or of the registry); pass it back as {@code ?index=} to block. */
    public static final String INDEX = "X-Registry-Index";
    /** Set by a node serving from a state it knows to be behind (not yet ready). */
    public static final String STALE = "X-Registry-Stale";

    private ApiHeaders() {
    }
}
