package dev.registry.model;

import dev.registry.api.Limits;

/**
 * The identity of an instance: its service name and its id within that service. Both are checked
 * against {@link Limits#SERVICE_NAME} and {@link Limits#INSTANCE_ID} (64 and 128 characters at
 * most); a bad key fails fast, since callers validate requests with {@code Validation} first.
 * The checks are hand-written character loops because keys are built on every received operation.
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

    /** Same language as {@link Limits#SERVICE_NAME}: [a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?. */
    public static boolean isServiceName(String s) {
        if (s == null || s.isEmpty() || s.length() > Limits.SERVICE_NAME_MAX) {
            return false;
        }
        int last = s.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean inner = c == '.' || c == '_' || c == '-';
            if (!alnum && !(inner && i != 0 && i != last)) {
                return false;
            }
        }
        return true;
    }

    /** Same language as {@link Limits#INSTANCE_ID}: [A-Za-z0-9][A-Za-z0-9._:@-]{0,127}. */
    public static boolean isInstanceId(String s) {
        if (s == null || s.isEmpty() || s.length() > Limits.INSTANCE_ID_MAX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            boolean inner = c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
            if (!alnum && !(inner && i != 0)) {
                return false;
            }
        }
        return true;
    }
}
