package dev.registry.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.InstanceView;
import dev.registry.api.RegistrationRequest;
import dev.registry.client.cluster.ClusterUnderTest;
import dev.registry.client.cluster.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client behaviour contract against in-JVM fake peers (HttpServer, shared state). */
class FakeClusterClientTest extends ClientBehaviourContract {

    @Override
    protected ClusterUnderTest startCluster(int size) {
        return FakeCluster.start(size);
    }

    /**
     * Writes carry X-Registry-Deadline (rule R1), and a peer that refuses one as past its deadline (its
     * clock runs ahead) is failed over like an unreachable one: the registration lands on another peer.
     */
    @Test
    void a_peer_refusing_writes_as_past_their_deadline_is_failed_over() throws Exception {
        FakeCluster fake = (FakeCluster) cluster;
        RegistryClient client = client(ClientConfig.test(cluster.httpAddresses()));
        int ahead = cluster.indexOf(client.currentPeer());
        fake.clockAhead(ahead, 60_000);
        var registration = client.register(new RegistrationRequest("billing", "billing-1", "127.0.0.1", 8081, 100,
                null, List.of(), Map.of(), "UP", 30, null));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.instancesOn(0, "billing").size() == 1);
            InstanceView stored = cluster.instancesOn(0, "billing").get(0);
            assertNotEquals("node-" + ahead, stored.owner(), "the peer whose clock is ahead must not take the write");
            assertTrue(fake.lateRefusals(ahead) >= 1, "the client's write reached the peer with a deadline");
        } finally {
            fake.clockAhead(ahead, 0);
            registration.close();
        }
    }
}
