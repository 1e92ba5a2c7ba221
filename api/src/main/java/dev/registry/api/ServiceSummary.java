package dev.registry.api;

/** One line of {@code GET /v1/services}. */
public record ServiceSummary(String name, int instances, int healthy, long index) {
}
