package dev.registry.api;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /v1/services/{service}/instances/{id}}; in a batch item, service and id
 * are carried in the body too. Nullable fields take their documented defaults.
 */
public record RegistrationRequest(
        String service,
        String id,
        String host,
        Integer port,
        Integer weight,
        String zone,
        List<String> tags,
        Map<String, String> metadata,
        String status,
        Integer ttlSeconds,
        HealthCheckSpec check) {
}
