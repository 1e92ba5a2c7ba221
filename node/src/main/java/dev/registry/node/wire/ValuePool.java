package dev.registry.node.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * Canonical instances of the low-cardinality values decoded operations repeat: origins, owners, service
 * names, zones, tag lists, metadata maps. Decoded operations are kept (the log, the state, the published
 * views), so every copy a peer's batch would otherwise bring is heap the collector copies again and again:
 * 100,000 received registrations of 100 services otherwise hold 100,000 copies of their service names.
 * Bounded: when full it starts over, which costs only sharing. Thread-confined, one per {@code Kryo}.
 */
final class ValuePool {

    static final int MAX = 16_384;

    private final Map<Object, Object> values = new HashMap<>();

    @SuppressWarnings("unchecked")
    <T> T canonical(T value) {
        if (value == null) {
            return null;
        }
        Object known = values.get(value);
        if (known != null) {
            return (T) known;
        }
        if (values.size() >= MAX) {
            values.clear();
        }
        values.put(value, value);
        return value;
    }
}
