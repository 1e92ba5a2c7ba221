package dev.registry.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.RegistrationRequest;
import dev.registry.client.cache.ServiceSnapshot;
import dev.registry.client.cluster.ClusterUnderTest;
import dev.registry.client.cluster.EchoBackend;
import dev.registry.client.event.ClientEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's behaviour against a 3-peer cluster, written once: the fake cluster runs it here,
 * real node processes run it in another module by extending this class. Each test names the
 * requirement of the client issue it checks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ClientBehaviourContract {

    private static final String SERVICE = "echo";

    /** Starts a cluster of {@code size} peers, ready to serve. */
    protected abstract ClusterUnderTest startCluster(int size);

    protected ClusterUnderTest cluster;
    private final List<EchoBackend> backends = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<ClientEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startClusterAndBackends() {
        cluster = startCluster(3);
        for (int i = 0; i < 2; i++) {
            EchoBackend backend = new EchoBackend("b" + i);
            backends.add(backend);
            cluster.registerOn(0, SERVICE, backend.name(), "127.0.0.1", backend.port());
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        backends.forEach(EchoBackend::close);
        cluster.close();
    }

    protected RegistryClient client(ClientConfig config) {
        RegistryClient client = RegistryClient.builder(config).listener(events::add).build().start();
        closeables.add(client);
        return client;
    }

    private RegistryClient watchingClient() throws Exception {
        RegistryClient client = client(ClientConfig.test(cluster.httpAddresses()));
        assertEquals(2, client.lookup(SERVICE).healthy().size());
        await().atMost(Duration.ofSeconds(5)).until(() -> client.metrics().watchConnects() >= 1);
        return client;
    }

    private static HttpResponse<String> get(RegistryClient client) throws Exception {
        return client.call(SERVICE, base -> HttpRequest.newBuilder(base.resolve("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs lookups and calls every 2 ms on a scheduler (a steady stream, not a wait) and counts failures. */
    private static final class Traffic implements AutoCloseable {
        final AtomicLong lookups = new AtomicLong();
        final AtomicLong lookupFailures = new AtomicLong();
        final AtomicLong staleLookups = new AtomicLong();
        final AtomicLong callFailures = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        Traffic(RegistryClient client) {
            scheduler.scheduleAtFixedRate(() -> {
                try {
                    ServiceSnapshot snapshot = client.lookup(SERVICE);
                    lookups.incrementAndGet();
                    if (snapshot.stale()) {
                        staleLookups.incrementAndGet();
                    }
                    if (snapshot.healthy().size() != 2) {
                        throw new AssertionError("lookup saw " + snapshot.healthy().size() + " instances");
                    }
                } catch (Throwable e) {
                    lookupFailures.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
                try {
                    if (get(client).statusCode() != 200) {
                        callFailures.incrementAndGet();
                    }
                } catch (Throwable e) {
                    callFailures.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            }, 0, 2, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            // shutdown, not shutdownNow: the iteration in progress finishes instead of being interrupted.
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void killing_the_current_peer_fails_no_lookup_and_reaches_a_live_peer_within_one_second() throws Exception {
        RegistryClient client = watchingClient();
        String used = client.currentPeer();
        try (Traffic traffic = new Traffic(client)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> traffic.lookups.get() >= 100);
            long connectsBefore = client.metrics().watchConnects();
            long killedAt = System.nanoTime();
            cluster.kill(cluster.indexOf(used));
            // A watch connection counts only once a peer answered 200: the next successful request to a live peer.
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> client.metrics().watchConnects() > connectsBefore);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(elapsedMillis <= 1000, "reconnected after " + elapsedMillis + " ms");
            assertNotEquals(used, client.currentPeer());
            long lookupsAtFailover = traffic.lookups.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> traffic.lookups.get() >= lookupsAtFailover + 100);
            traffic.close();
            assertEquals(0, traffic.lookupFailures.get(), () -> "first failure: " + traffic.firstFailure.get());
            assertEquals(0, traffic.callFailures.get(), () -> "first failure: " + traffic.firstFailure.get());
            assertEquals(0, traffic.staleLookups.get(), "two peers were alive: nothing should be stale");
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.PeerFailedOver f && f.from().equals(used)));
        assertTrue(client.metrics().failovers() >= 1);
        // The cache keeps following the cluster through the new peer.
        int live = (cluster.indexOf(used) + 1) % 3;
        cluster.registerOn(live, SERVICE, "late", "127.0.0.1", 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(client.lookup(SERVICE).instances()).contains("late"));
    }

    @Test
    void a_hung_peer_is_left_for_another_within_the_timeouts_and_lookups_never_fail() throws Exception {
        RegistryClient client = watchingClient();
        String used = client.currentPeer();
        try (Traffic traffic = new Traffic(client)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> traffic.lookups.get() >= 50);
            cluster.pause(cluster.indexOf(used));
            await().atMost(Duration.ofSeconds(3)).until(() -> !client.currentPeer().equals(used)
                    && client.metrics().watchConnects() >= 2);
            long lookupsAtFailover = traffic.lookups.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> traffic.lookups.get() >= lookupsAtFailover + 50);
            traffic.close();
            assertEquals(0, traffic.lookupFailures.get(), () -> "first failure: " + traffic.firstFailure.get());
            assertEquals(0, traffic.callFailures.get(), () -> "first failure: " + traffic.firstFailure.get());
        } finally {
            cluster.resume(cluster.indexOf(used));
        }
        int live = (cluster.indexOf(client.currentPeer()) + 1) % 3;
        cluster.registerOn(live, SERVICE, "after-pause", "127.0.0.1", 9);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ids(client.lookup(SERVICE).instances()).contains("after-pause"));
    }

    @Test
    void with_every_peer_down_lookups_answer_from_cache_marked_stale_and_calls_still_work() throws Exception {
        RegistryClient client = watchingClient();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.kill(i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> client.metrics().stale());
        ServiceSnapshot snapshot = client.lookup(SERVICE);
        assertTrue(snapshot.stale());
        assertEquals(List.of("b0", "b1"), ids(snapshot.instances()));
        assertTrue(client.metrics().staleLookups() >= 1);
        assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.ServingStale));
        // The registry is gone but the instances are not: calls must not fail because of the registry.
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get(client).statusCode());
        }
    }

    @Test
    void when_hung_peers_come_back_the_cache_is_re_read_and_served_fresh_again() throws Exception {
        RegistryClient client = watchingClient();
        try {
            for (int i = 0; i < cluster.size(); i++) {
                cluster.pause(i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lookup(SERVICE).stale());
        } finally {
            for (int i = 0; i < cluster.size(); i++) {
                cluster.resume(i);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.lookup(SERVICE).stale());
        assertFalse(client.metrics().stale());
        assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.ServingFresh));
        cluster.registerOn(2, SERVICE, "b7", "127.0.0.1", 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(client.lookup(SERVICE).instances()).contains("b7"));
    }

    @Test
    void the_watch_fed_cache_sees_a_registration_made_on_another_peer_without_a_lookup_miss() throws Exception {
        RegistryClient client = watchingClient();
        int other = (cluster.indexOf(client.currentPeer()) + 1) % 3;
        long missesBefore = client.metrics().lookups() - client.metrics().cacheHits();
        cluster.registerOn(other, SERVICE, "b9", "127.0.0.1", 9);
        await().atMost(Duration.ofSeconds(3)).until(() -> ids(client.lookup(SERVICE).instances()).contains("b9"));
        cluster.deregisterOn(other, SERVICE, "b9");
        await().atMost(Duration.ofSeconds(3)).until(() -> !ids(client.lookup(SERVICE).instances()).contains("b9"));
        assertEquals(missesBefore, client.metrics().lookups() - client.metrics().cacheHits(),
                "every lookup after the first was served from the cache");
        assertTrue(client.metrics().cacheHitRate() > 0.5);
        assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.Registered r && r.instance().id().equals("b9")));
        assertTrue(events.stream().anyMatch(e -> e instanceof ClientEvent.Deregistered d && d.id().equals("b9")));
    }

    @Test
    void self_registration_heartbeats_then_graceful_shutdown_leaves_no_instance_behind() throws Exception {
        RegistryClient client = client(ClientConfig.test(cluster.httpAddresses()).withDrainTime(Duration.ofMillis(300)));
        var registration = client.register(new RegistrationRequest("orders", "orders-1", "127.0.0.1", 8080, 100,
                "z1", List.of("v1"), Map.of("version", "1"), "STARTING", 1, null));
        for (int i = 0; i < cluster.size(); i++) {
            int peer = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> ids(cluster.instancesOn(peer, "orders")).contains("orders-1"));
        }
        assertTrue(registration.setStatus(InstanceStatus.UP));
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.instancesOn(0, "orders").stream()
                .anyMatch(v -> v.status() == InstanceStatus.UP));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.metrics().heartbeats() >= 2);

        // A lost lease (404 on heartbeat) is repaired by registering again.
        assertEquals(200, cluster.deregisterOn(1, "orders", "orders-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(cluster.instancesOn(2, "orders")).contains("orders-1"));
        assertTrue(client.metrics().reRegistrations() >= 1);

        registration.close();
        for (int i = 0; i < cluster.size(); i++) {
            assertFalse(ids(cluster.instancesOn(i, "orders")).contains("orders-1"), "instance left on peer " + i);
        }
        List<ClientEvent> own = events.stream().filter(ClientBehaviourContract::self).toList();
        int outOfService = indexOf(own, e -> e instanceof ClientEvent.StatusChanged s
                && s.to() == InstanceStatus.OUT_OF_SERVICE);
        int deregistered = indexOf(own, e -> e instanceof ClientEvent.Deregistered);
        assertTrue(outOfService >= 0 && deregistered > outOfService, "out of service, then deregistered: " + own);
        // No heartbeat or re-registration resurrects it after the drain (heartbeats were every 333 ms).
        long beats = client.metrics().heartbeats();
        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(3))
                .until(() -> client.metrics().heartbeats() == beats
                        && !ids(cluster.instancesOn(0, "orders")).contains("orders-1"));
    }

    private static boolean self(ClientEvent e) {
        return (e instanceof ClientEvent.Registered r && r.self()) || (e instanceof ClientEvent.Deregistered d && d.self())
                || (e instanceof ClientEvent.StatusChanged s && s.self());
    }

    private static int indexOf(List<ClientEvent> list, java.util.function.Predicate<ClientEvent> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> ids(List<InstanceView> instances) {
        return instances.stream().map(InstanceView::id).sorted().toList();
    }
}
