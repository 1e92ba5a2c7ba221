package dev.registry.client.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.cluster.FakeCluster;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that marks its answers stale (restarted, catching up) does not empty the cache while others know better. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaleAnswerTest {

    @Test
    void a_lookup_prefers_a_caught_up_peer_and_falls_back_to_a_stale_answer_only_when_none_is() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(2)) {
            cluster.registerOn(1, "svc", "a", "127.0.0.1", 1000);
            cluster.catchingUp(0, true);
            try (RegistryClient client = RegistryClient.builder(ClientConfig.test(cluster.httpAddresses())).build()
                    .start()) {
                assertEquals(cluster.httpAddress(0), client.currentPeer(), "the first seed is asked first");
                ServiceSnapshot snapshot = client.lookup("svc");
                assertEquals(1, snapshot.instances().size(), "the answer of the caught-up peer wins");
                assertFalse(snapshot.stale());
            }
            cluster.catchingUp(1, true);
            try (RegistryClient client = RegistryClient.builder(ClientConfig.test(cluster.httpAddresses())).build()
                    .start()) {
                assertTrue(client.lookup("svc").instances().isEmpty(), "when every peer is catching up, its answer is used");
            }
        }
    }
}
