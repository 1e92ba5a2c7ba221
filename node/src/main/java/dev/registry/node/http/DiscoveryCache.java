package dev.registry.node.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LRU cache of rendered discovery answers: (service, normalized filter) -> (service index, JSON bytes).
 * An entry answers only while its index equals the service's current index, so a change to the service
 * invalidates every filter of it without any notification.
 *
 * <p>Thread-safe and lock-light: the key space is split over independent segments, each an
 * access-ordered LinkedHashMap behind its own short lock, so event loops rarely contend. The bound is
 * total: each segment holds at most {@code maxEntries / segments} (the first segments one more), and
 * evicts its least recently used entry. A cached Buffer is never modified and may be written to many
 * responses (Vert.x writes a slice of it).
 */
public final class DiscoveryCache {
    private final Segment[] segments;
    private final Counter hits;
    private final Counter misses;

    public DiscoveryCache(int maxEntries, MeterRegistry meters) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        // Few entries: one segment keeps the LRU order exact; many: 16 segments keep contention low.
        int count = maxEntries >= 1024 ? 16 : 1;
        segments = new Segment[count];
        for (int i = 0; i < count; i++) {
            segments[i] = new Segment(maxEntries / count + (i < maxEntries % count ? 1 : 0));
        }
        hits = Counter.builder("registry.cache.requests").tag("result", "hit")
                .description("discovery answers served from the rendered-answer cache").register(meters);
        misses = Counter.builder("registry.cache.requests").tag("result", "miss")
                .description("discovery answers that had to be rendered").register(meters);
        Gauge.builder("registry.cache.entries", this, DiscoveryCache::size)
                .description("entries in the rendered-answer cache").register(meters);
    }

    /** The cached answer if it was rendered at exactly {@code index}; counts a hit or a miss. */
    public Buffer get(String service, String filterKey, long index) {
        String key = key(service, filterKey);
        Entry entry = segmentOf(key).get(key);
        if (entry != null && entry.index == index) {
            hits.increment();
            return entry.body;
        }
        misses.increment();
        return null;
    }

    /** Stores an answer unless a newer one (higher index) is already cached under the key. */
    public void put(String service, String filterKey, long index, Buffer body) {
        String key = key(service, filterKey);
        segmentOf(key).put(key, new Entry(index, body));
    }

    public int size() {
        int total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        return total;
    }

    public long hits() {
        return (long) hits.count();
    }

    public long misses() {
        return (long) misses.count();
    }

    private static String key(String service, String filterKey) {
        // '\n' never occurs in a valid service name nor in a filter key, so keys cannot collide.
        return filterKey.isEmpty() ? service : service + '\n' + filterKey;
    }

    private Segment segmentOf(String key) {
        if (segments.length == 1) {
            return segments[0];
        }
        int h = key.hashCode();
        h ^= h >>> 16;
        return segments[h & (segments.length - 1)];
    }

    private record Entry(long index, Buffer body) {
    }

    private static final class Segment {
        private final ReentrantLock lock = new ReentrantLock();
        private final LinkedHashMap<String, Entry> map;

        Segment(int capacity) {
            this.map = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > capacity;
                }
            };
        }

        Entry get(String key) {
            lock.lock();
            try {
                return map.get(key);
            } finally {
                lock.unlock();
            }
        }

        void put(String key, Entry entry) {
            lock.lock();
            try {
                Entry old = map.get(key);
                if (old == null || old.index <= entry.index) {
                    map.put(key, entry);
                }
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return map.size();
            } finally {
                lock.unlock();
            }
        }
    }
}
