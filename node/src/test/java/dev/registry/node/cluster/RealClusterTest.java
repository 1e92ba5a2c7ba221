package dev.registry.node.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.registry.api.RegistrationRequest;
import dev.registry.node.registry.RegistryService;
import dev.registry.node.registry.RegistryService.Acks;
import dev.registry.node.registry.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replication and recovery of three real nodes: Raft membership and gossip over Atomix messaging on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealClusterTest {

    @TempDir
    Path dir;

    private RealCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static WriteResult register(RegistryService node, String service, String id) {
        return node.register(service, id, new RegistrationRequest(service, id, "10.0.0.1", 8080, null, null, null,
                Map.of("payload", id), null, 300, null), Acks.ONE).join();
    }

    private int count(int node, String service) {
        return cluster.node(node).registry().service().service(service).instances().size();
    }

    @Test
    void registrationsOnEachNodeAreVisibleOnAllAndSurviveARestart() {
        cluster = new RealCluster(dir, 3).start();
        for (int n = 0; n < 3; n++) {
            for (int i = 0; i < 30; i++) {
                assertInstanceOf(WriteResult.Ok.class,
                        register(cluster.node(n).registry().service(), "orders", "n" + n + "-" + i));
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> count(0, "orders") == 90 && count(1, "orders") == 90
                && count(2, "orders") == 90);
        cluster.awaitConverged(Duration.ofSeconds(10));

        cluster.stop(2);
        for (int i = 0; i < 10; i++) {
            register(cluster.node(0).registry().service(), "orders", "late-" + i);
        }
        cluster.start(2);
        org.junit.jupiter.api.Assertions.assertTrue(count(2, "orders") >= 90,
                "the restarted node recovers what it had from its own disk at once");
        await().atMost(Duration.ofSeconds(15)).until(() -> count(2, "orders") == 100);
        cluster.awaitConverged(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.node(2).registry().ready());
    }

    @Test
    void membersAreListedWithTheirHttpAddresses() {
        cluster = new RealCluster(dir, 3).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var list = cluster.node(1).registry().service().members().members();
            return list.size() == 3 && list.stream().noneMatch(m -> m.httpAddress().isEmpty());
        });
        var members = cluster.node(1).registry().service().members();
        for (var member : members.members()) {
            int index = Integer.parseInt(member.id().substring(1)) - 1;
            assertEquals(cluster.urls().get(index).getAuthority(), member.httpAddress());
        }
    }
}
