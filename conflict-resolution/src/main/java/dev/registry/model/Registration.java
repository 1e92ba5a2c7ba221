package dev.registry.model;

import dev.registry.api.HealthCheckSpec;
import dev.registry.api.Limits;

import java.util.List;
import java.util.Map;

/**
 * What an instance declared about itself: the value of the "registration" register. Immutable:
 * tags and metadata are copied. {@code zone} is "" when unset (null is normalised to ""), null tags
 * and metadata become empty, {@code check} may be null (no active health check).
 *
 * <p>Limits ({@link Limits}) are enforced as invariants, failing fast; the node validates requests
 * with {@code Validation} first and answers 400 with field names. Metadata is kept in an immutable
 * map with unspecified iteration order: render it sorted if order matters to a reader.
 */
public record Registration(
        String host,
        int port,
        int weight,
        String zone,
        List<String> tags,
        Map<String, String> metadata,
        int ttlSeconds,
        HealthCheckSpec check) {

    public Registration {
        zone = zone == null ? "" : zone;
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        require(host != null && !host.isEmpty() && host.length() <= Limits.HOST_MAX
                && Limits.HOST.matches(host), "host", host);
        require(port >= Limits.PORT_MIN && port <= Limits.PORT_MAX, "port", port);
        require(weight >= Limits.WEIGHT_MIN && weight <= Limits.WEIGHT_MAX, "weight", weight);
        require(zone.isEmpty() || Limits.ZONE.matches(zone), "zone", zone);
        require(tags.size() <= Limits.TAGS_MAX, "tags (count)", tags.size());
        for (String tag : tags) {
            require(Limits.TAG.matches(tag), "tag", tag);
        }
        require(metadata.size() <= Limits.METADATA_MAX_ENTRIES, "metadata (count)", metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            require(Limits.METADATA_KEY.matches(e.getKey()), "metadata key", e.getKey());
            require(e.getValue().length() <= Limits.METADATA_VALUE_MAX, "metadata value length",
                    e.getValue().length());
        }
        require(ttlSeconds >= Limits.TTL_MIN_SECONDS && ttlSeconds <= Limits.TTL_MAX_SECONDS,
                "ttlSeconds", ttlSeconds);
        require(check == null || check.type() != null, "check.type", null);
    }

    /** A registration with defaults: weight 100, no zone, tags or metadata, TTL 30 s, no check. */
    public static Registration of(String host, int port) {
        return new Registration(host, port, Limits.WEIGHT_DEFAULT, "", List.of(), Map.of(),
                Limits.TTL_DEFAULT_SECONDS, null);
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("registration " + field + " outside documented limits: " + value);
        }
    }
}
