package dev.registry.api;

import java.util.List;
import java.util.Map;

/** An instance as the HTTP API shows it (HTTP-API.md, "The instance in JSON"). Times are epoch millis. */
public record InstanceView(
        String service,
        String id,
        String host,
        int port,
        int weight,
        String zone,
        List<String> tags,
        Map<String, String> metadata,
        InstanceStatus status,
        Health health,
        int ttlSeconds,
        String owner,
        long registeredAt,
        long updatedAt) {

    /** Healthy means: declared UP and not failing its health checks. */
    public boolean healthy() {
        return status == InstanceStatus.UP && health != Health.CRITICAL;
    }
}
