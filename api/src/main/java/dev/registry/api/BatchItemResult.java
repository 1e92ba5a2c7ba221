package dev.registry.api;

/** The outcome of one item of {@code POST /v1/instances:batch}: status 200, or 400 with the error. */
public record BatchItemResult(String service, String id, int status, String error, String message) {
}
