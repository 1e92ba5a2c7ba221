package dev.registry.api;

/** One server-sent event of {@code GET /v1/watch}; {@code type} is also the SSE event name. */
public record WatchEvent(Type type, InstanceView instance, long index) {

    public enum Type {
        REGISTERED, UPDATED, DEREGISTERED, EXPIRED;

        /** The SSE event name: the lower-case type. */
        public String eventName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
