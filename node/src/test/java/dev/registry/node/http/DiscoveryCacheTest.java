package dev.registry.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.RegistrationRequest;
import dev.registry.node.http.TestHttp.Reply;
import dev.registry.node.registry.RegistryService.Acks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rendered-answer cache: hits only at the same index, LRU eviction within its bound, counters. */
@Timeout(60)
class DiscoveryCacheTest {

    private static Buffer body(String text) {
        return Buffer.buffer(text);
    }

    @Test
    void hitRequiresTheSameIndexAndCountsHitsAndMisses() {
        DiscoveryCache cache = new DiscoveryCache(10, new SimpleMeterRegistry());
        assertNull(cache.get("s", "", 5));
        Buffer rendered = body("[1]");
        cache.put("s", "", 5, rendered);
        assertSame(rendered, cache.get("s", "", 5));
        assertNull(cache.get("s", "", 6), "a newer index invalidates the entry");
        assertNull(cache.get("s", "h||z1|", 5), "another filter is another entry");
        assertEquals(1, cache.hits());
        assertEquals(3, cache.misses());
    }

    @Test
    void anOlderRenderingNeverReplacesANewerOne() {
        DiscoveryCache cache = new DiscoveryCache(10, new SimpleMeterRegistry());
        cache.put("s", "", 7, body("new"));
        cache.put("s", "", 6, body("old"));
        assertEquals("new", cache.get("s", "", 7).toString());
        assertNull(cache.get("s", "", 6));
    }

    @Test
    void evictsTheLeastRecentlyUsedEntryAtTheBound() {
        DiscoveryCache cache = new DiscoveryCache(3, new SimpleMeterRegistry());
        cache.put("a", "", 1, body("a"));
        cache.put("b", "", 1, body("b"));
        cache.put("c", "", 1, body("c"));
        assertNotNull(cache.get("a", "", 1), "touch a: b is now the least recently used");
        cache.put("d", "", 1, body("d"));
        assertEquals(3, cache.size());
        assertNull(cache.get("b", "", 1));
        assertNotNull(cache.get("a", "", 1));
        assertNotNull(cache.get("c", "", 1));
        assertNotNull(cache.get("d", "", 1));
    }

    @Test
    void boundHoldsUnderConcurrentUseWithManySegments() throws Exception {
        int bound = 2_000;
        DiscoveryCache cache = new DiscoveryCache(bound, new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < 50_000; i++) {
                        String service = "s" + random.nextInt(10_000);
                        long index = random.nextInt(3);
                        if (cache.get(service, "", index) == null) {
                            cache.put(service, "", index, body(service));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(cache.size() <= bound, "size " + cache.size());
        assertTrue(cache.size() > bound / 2, "the cache is used, size " + cache.size());
        assertEquals(200_000, cache.hits() + cache.misses());
    }

    @Test
    void discoveryIsServedFromTheCacheUntilTheServiceChanges() throws Exception {
        TestHttp http = new TestHttp();
        try (SingleNode node = new SingleNode(HttpConfig.test())) {
            RegistrationRequest req = new RegistrationRequest("s", "a", "h", 1, null, null, null, null, null, null,
                    null);
            node.registry.register("s", "a", req, Acks.ONE).join();
            String path = "/v1/services/s/instances";
            Reply first = http.get(node.base, path);
            assertEquals(1, node.api.cache().misses());
            Reply second = http.get(node.base, path);
            assertEquals(1, node.api.cache().hits());
            assertEquals(first.body(), second.body(), "a hit answers the same bytes");
            assertEquals(first.index(), second.index());
            http.get(node.base, path + "?healthy=true");
            assertEquals(2, node.api.cache().misses(), "a filter is its own entry");
            node.registry.register("s", "b", new RegistrationRequest("s", "b", "h", 2, null, null, null, null, null,
                    null, null), Acks.ONE).join();
            Reply third = http.get(node.base, path);
            assertEquals(3, node.api.cache().misses(), "the service's new index invalidates the entry");
            assertEquals(2, third.json().size());
            String metrics = http.get(node.base, "/metrics").body();
            assertTrue(metrics.contains("registry_cache_requests_total{result=\"hit\"} 1.0"), metrics);
            assertTrue(metrics.contains("registry_cache_requests_total{result=\"miss\"} 3.0"), metrics);
        }
    }
}
