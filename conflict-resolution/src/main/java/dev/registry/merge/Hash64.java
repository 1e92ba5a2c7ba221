package dev.registry.merge;

import dev.registry.api.HealthCheckSpec;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;

import java.util.List;
import java.util.Map;

/**
 * A 64-bit hash for the state digest. Digests are compared between nodes in different JVMs, so it
 * must not use identity hash codes (enum and record hashCode use them): strings are hashed through
 * their specified {@code hashCode}, enums by ordinal, and values are mixed with MurmurHash3's fmix64.
 */
final class Hash64 {

    private Hash64() {
    }

    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Folds {@code value} into {@code h}; order-dependent. */
    static long mix(long h, long value) {
        return Long.rotateLeft(h ^ fmix(value + 0x9E3779B97F4A7C15L), 31) * 0x9E3779B97F4A7C15L;
    }

    /**
     * Strings enter through {@link String#hashCode()}: its value is fixed by the Java specification
     * (the same in every JVM) and cached in the string, and the map lookups of an apply have already
     * computed it for the key. Its 32 bits are enough here: a register's value is determined by its
     * stamp, which the digest also covers, so replicas cannot differ "only" by a colliding string.
     */
    static long of(String s) {
        if (s == null) {
            return 0x5bd1e995L;
        }
        return fmix(((long) s.length() << 32) ^ (s.hashCode() & 0xFFFFFFFFL));
    }

    /** Hash of a key and a registration: every field, metadata order-independently. */
    static long of(InstanceKey key, Registration r) {
        long h = mix(of(key.service()), of(key.id()));
        h = mix(h, of(r.host()));
        h = mix(h, ((long) r.port() << 32) | r.weight());
        h = mix(h, of(r.zone()));
        h = mix(h, tags(r.tags()));
        h = mix(h, metadata(r.metadata()));
        h = mix(h, r.ttlSeconds());
        return mix(h, check(r.check()));
    }

    private static long tags(List<String> tags) {
        long h = tags.size();
        for (String tag : tags) {
            h = mix(h, of(tag));
        }
        return h;
    }

    private static long metadata(Map<String, String> metadata) {
        // A sum of per-entry hashes: Map.copyOf iterates in a per-JVM random order.
        long sum = metadata.size();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            sum += fmix(mix(of(e.getKey()), of(e.getValue())));
        }
        return sum;
    }

    private static long check(HealthCheckSpec c) {
        if (c == null) {
            return 0;
        }
        long h = mix(c.type().ordinal() + 1, of(c.path()));
        h = mix(h, c.expectStatus());
        h = mix(h, ((long) c.intervalMillis() << 32) | c.timeoutMillis());
        return mix(h, ((long) c.healthyThreshold() << 32) | c.unhealthyThreshold());
    }
}
