package dev.registry.model;

import dev.registry.api.Limits;

/**
 * The identity of an instance: its service name and its id within that service. Both are checked
 * against {@link Limits#SERVICE_NAME} and {@link Limits#INSTANCE_ID} (64 and 128 characters at
 * most); a bad key fails fast, since callers validate requests with {@code Validation} first.
 */
public record InstanceKey(String service, String id) implements Comparable<InstanceKey> {

    public InstanceKey {
        if (!isServiceName(service)) {
            throw new IllegalArgumentException("invalid service name: " + service);
        }
        if (!isInstanceId(id)) {
            throw new IllegalArgumentException("invalid instance id: " + id);
        }
    }

    @Override
    public int compareTo(InstanceKey other) {
        int byService = service.compareTo(other.service);
        return byService != 0 ? byService : id.compareTo(other.id);
    }

    /**
     * Mixed, not the record default: names like "service-7"/"instance-42" differ in their last
     * characters, and 31 * h(service) + h(id) then collides across services often enough to turn
     * hash-map bins into trees at a million keys.
     */
    @Override
    public int hashCode() {
        long h = service.hashCode() * 0x9E3779B97F4A7C15L + id.hashCode();
        h *= 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return service + "/" + id;
    }

    public static boolean isServiceName(String s) {
        return Limits.SERVICE_NAME.matches(s);
    }

    public static boolean isInstanceId(String s) {
        return Limits.INSTANCE_ID.matches(s);
    }
}
