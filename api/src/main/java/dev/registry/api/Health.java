package dev.registry.api;

/** The result of an instance's active health checks, as judged by its lease owner. */
public enum Health {
    PASSING,
    WARNING,
    CRITICAL
}
