package dev.registry.api;

/** One operation in {@code GET /v1/instances/{service}/{id}/history}. {@code time} is the HLC's wall part. */
public record HistoryEntry(String kind, String origin, long sequence, long time, int logical, String detail) {
}
