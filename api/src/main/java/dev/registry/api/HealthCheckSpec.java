package dev.registry.api;

/**
 * An active health check declared at registration and run by the instance's lease owner.
 *
 * @param type            HTTP (GET {@code path}, expect {@code expectStatus}) or TCP (connect)
 * @param path            for HTTP: the request path, starting with '/'
 * @param expectStatus    for HTTP: the expected status code; 0 means any 2xx
 * @param intervalMillis  time between probes
 * @param timeoutMillis   a probe that takes longer fails
 * @param healthyThreshold   consecutive successes that make a critical instance passing again
 * @param unhealthyThreshold consecutive failures that make a passing instance critical
 */
public record HealthCheckSpec(
        Type type,
        String path,
        int expectStatus,
        int intervalMillis,
        int timeoutMillis,
        int healthyThreshold,
        int unhealthyThreshold) {

    public enum Type { HTTP, TCP }

    public static HealthCheckSpec http(String path, int intervalMillis) {
        return new HealthCheckSpec(Type.HTTP, path, 0, intervalMillis, Math.max(100, intervalMillis / 2), 1, 2);
    }

    public static HealthCheckSpec tcp(int intervalMillis) {
        return new HealthCheckSpec(Type.TCP, null, 0, intervalMillis, Math.max(100, intervalMillis / 2), 1, 2);
    }
}
