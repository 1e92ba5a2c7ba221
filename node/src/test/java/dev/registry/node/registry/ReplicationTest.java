package dev.registry.node.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.HistoryEntry;
import dev.registry.model.InstanceKey;
import dev.registry.node.lease.AdoptionRule;
import dev.registry.node.registry.RegistryService.Acks;
import dev.registry.node.testkit.RegistryTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication, durability and lease rules on three real registries (real disks, real threads) over the
 * in-memory peer network, with membership views set by the test. Rule names: node/README.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicationTest {

    @TempDir
    Path dir;

    private RegistryTestCluster cluster;

    private RegistryTestCluster start(RegistryConfig config) {
        cluster = new RegistryTestCluster(dir, 3, 7, config).startAll();
        return cluster;
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void r1RegistrationsOnEachNodeAreVisibleOnAll() {
        start(RegistryConfig.test());
        for (String node : cluster.ids()) {
            for (int i = 0; i < 50; i++) {
                assertInstanceOf(WriteResult.Ok.class, cluster.register(node, "svc-" + (i % 3), node + "-" + i, 30,
                        Acks.ONE));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.ids().stream().allMatch(n ->
                cluster.node(n).service().services().stream().mapToInt(s -> s.instances()).sum() == 150));
        await().atMost(Duration.ofSeconds(5)).until(cluster::converged);
    }

    @Test
    void r2ARestartedNodeRecoversItsAcknowledgedWritesFromDisk() {
        start(RegistryConfig.test());
        cluster.network().isolate("n1");
        for (int i = 0; i < 200; i++) {
            assertInstanceOf(WriteResult.Ok.class, cluster.register("n1", "orders", "o-" + i, 300, Acks.ONE));
        }
        cluster.crash("n1");
        cluster.start("n1");
        assertEquals(200, cluster.node("n1").service().service("orders").instances().size(),
                "every acknowledged write is back from n1's own disk, with n1 still cut off");
        cluster.network().heal();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cluster.node("n3").service().service("orders").instances().size() == 200);
    }

    @Test
    void r3WithAcksTwoAWriteSurvivesThePermanentLossOfTheNodeThatTookIt() {
        start(RegistryConfig.test());
        WriteResult result = cluster.register("n1", "payments", "p-1", 300, Acks.TWO);
        assertInstanceOf(WriteResult.Ok.class, result);
        cluster.destroy("n1");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.find("n2", "payments", "p-1").isPresent()
                && cluster.find("n3", "payments", "p-1").isPresent());
    }

    @Test
    void r4AcksTwoWithNoPeerReachableIsRefusedClearly() {
        start(RegistryConfig.test().withAckTimeout(Duration.ofMillis(300)));
        cluster.network().isolate("n1");
        WriteResult result = cluster.register("n1", "payments", "p-2", 300, Acks.TWO);
        WriteResult.Unavailable unavailable = assertInstanceOf(WriteResult.Unavailable.class, result);
        assertTrue(unavailable.message().contains("no peer confirmed"), unavailable.message());
        assertTrue(cluster.find("n1", "payments", "p-2").isPresent(), "stored locally all the same");
    }

    @Test
    void l2ALeaseExpiresOnlyThroughItsOwner() {
        start(RegistryConfig.test());
        assertInstanceOf(WriteResult.Ok.class, cluster.register("n2", "cart", "c-1", 1, Acks.ONE));
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.find("n1", "cart", "c-1").isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.ids().stream()
                .allMatch(n -> cluster.find(n, "cart", "c-1").isEmpty()));
        List<HistoryEntry> history = cluster.node("n3").service().history("cart", "c-1").join();
        HistoryEntry expiry = history.stream().filter(e -> e.kind().equals("EXPIRE") || e.kind().equals("EXPIRED"))
                .findFirst().orElseThrow(() -> new AssertionError("no expiry in " + history));
        assertTrue(expiry.origin().startsWith("n2~"), "expired by its owner n2: " + expiry);
    }

    @Test
    void l2AHeartbeatKeepsALeaseAndAnUnknownInstanceIsNotFound() {
        start(RegistryConfig.test());
        cluster.register("n1", "cart", "c-2", 2, Acks.ONE);
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertInstanceOf(WriteResult.Ok.class, cluster.node("n1").service().heartbeat("cart", "c-2").join());
            assertTrue(cluster.find("n1", "cart", "c-2").isPresent());
            return System.nanoTime() > until;
        });
        assertInstanceOf(WriteResult.NotFound.class, cluster.node("n1").service().heartbeat("cart", "nope").join());
    }

    @Test
    void l3AGoneOwnersLeasesAreAdoptedByTheRendezvousWinner() {
        start(RegistryConfig.test());
        for (int i = 0; i < 20; i++) {
            cluster.register("n1", "search", "s-" + i, 60, Acks.ONE);
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                cluster.node("n3").service().service("search").instances().size() == 20);
        cluster.crash("n1");
        cluster.view("n2", Set.of("n2", "n3"), Set.of("n1"), true);
        cluster.view("n3", Set.of("n2", "n3"), Set.of("n1"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("n2").service().service("search").instances()
                .stream().allMatch(v -> !v.owner().equals("n1")));
        for (var view : cluster.node("n3").service().service("search").instances()) {
            assertEquals(AdoptionRule.adopterOf(new InstanceKey("search", view.id()), List.of("n2", "n3")),
                    view.owner(), view.id());
        }
    }

    @Test
    void l3AnOwnerStillBeaconingKeepsItsLeasesWhateverTheViewSays() {
        start(RegistryConfig.test());
        for (int i = 0; i < 10; i++) {
            cluster.register("n1", "search", "b-" + i, 60, Acks.ONE);
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                cluster.node("n3").service().service("search").instances().size() == 10);
        // n2 and n3 are told n1 is gone, but n1 is up and its beacons still arrive.
        cluster.view("n2", Set.of("n2", "n3"), Set.of("n1"), true);
        cluster.view("n3", Set.of("n2", "n3"), Set.of("n1"), true);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> cluster.node("n3").service()
                .service("search").instances().stream().allMatch(v -> v.owner().equals("n1")));
        // Its beacons stop (cut off): now its leases move.
        cluster.network().isolate("n1");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node("n2").service().service("search")
                .instances().stream().noneMatch(v -> v.owner().equals("n1")));
    }

    @Test
    void i5TheMinoritySideExpiresNoLease() {
        start(RegistryConfig.test());
        cluster.register("n3", "cart", "m-1", 1, Acks.ONE);
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.find("n1", "cart", "m-1").isPresent());
        cluster.network().isolate("n3");
        cluster.view("n3", Set.of("n3"), Set.of(), false);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> cluster.find("n3", "cart", "m-1").isPresent());
        assertTrue(cluster.node("n3").status().degraded());
        cluster.network().heal();
        cluster.allUp();
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.ids().stream()
                .allMatch(n -> cluster.find(n, "cart", "m-1").isEmpty()));
    }

    @Test
    void i1PartitionedSidesConvergeAfterHeal() {
        start(RegistryConfig.test());
        cluster.network().partition(Set.of("n1"), Set.of("n2", "n3"));
        for (int i = 0; i < 100; i++) {
            cluster.register("n1", "inventory", "a-" + i, 300, Acks.ONE);
            cluster.register("n2", "inventory", "b-" + i, 300, Acks.ONE);
        }
        cluster.node("n2").service().deregister("inventory", "b-0", Acks.ONE).join();
        cluster.network().heal();
        await().atMost(Duration.ofSeconds(10)).until(cluster::converged);
        assertEquals(199, cluster.node("n1").service().service("inventory").instances().size(), cluster.describe());
    }

    /**
     * P10: a member declared GONE misses a deregistration; the others compact their logs and collect the
     * tombstone without it. When it comes back from its own disk it is behind their compaction point, so it
     * installs a snapshot, and the instance it still holds must go: kept, it stayed visible on that node
     * alone, and the digests never agreed again.
     */
    @Test
    void p10AMemberBackFromBeyondTheCollectionPointDropsWhatWasCollectedWithoutIt() {
        start(RegistryConfig.test());
        assertInstanceOf(WriteResult.Ok.class, cluster.register("n1", "orders", "o-1", 300, Acks.ONE));
        assertInstanceOf(WriteResult.Ok.class, cluster.register("n1", "orders", "o-2", 300, Acks.ONE));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.find("n3", "orders", "o-1").isPresent()
                && cluster.find("n3", "orders", "o-2").isPresent());
        cluster.crash("n3");
        cluster.view("n1", Set.of("n1", "n2"), Set.of("n3"), true);
        cluster.view("n2", Set.of("n1", "n2"), Set.of("n3"), true);

        cluster.node("n1").service().deregister("orders", "o-1", Acks.ONE).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.find("n2", "orders", "o-1").isEmpty()
                && cluster.node("n1").stats().tombstonesCollected() > 0
                && cluster.node("n2").stats().tombstonesCollected() > 0
                && cluster.node("n1").stats().compacted() > 0);

        // n3 comes back seeing no peer yet, so what it holds before any exchange is what its disk held.
        cluster.view("n3", Set.of("n3"), Set.of("n1", "n2"), false);
        cluster.start("n3");
        assertTrue(cluster.find("n3", "orders", "o-1").isPresent(), "n3 recovered o-1 from its own disk");
        cluster.allUp();
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.find("n3", "orders", "o-1").isEmpty()
                && cluster.converged());
        assertTrue(cluster.find("n3", "orders", "o-2").isPresent(), cluster.describe());
    }
}
