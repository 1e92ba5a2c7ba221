package dev.registry.client.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.InstanceView;
import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.cluster.FakeCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watch kept alive by pings stays put; a watch gone silent is reconnected and the cache re-read. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WatchIdleTest {

    @Test
    void a_pinging_watch_stays_connected_and_a_silent_one_is_reconnected_and_resynced() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(2);
             RegistryClient client = RegistryClient.builder(ClientConfig.test(cluster.httpAddresses())).build().start()) {
            cluster.registerOn(0, "svc", "a", "127.0.0.1", 1000);
            client.lookup("svc");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.metrics().watchConnects() == 1);
            // Longer than the 2 s idle timeout of the test profile: only the pings keep it connected.
            await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4))
                    .until(() -> client.metrics().watchConnects() == 1);

            int current = cluster.indexOf(client.currentPeer());
            cluster.muteWatches(current, true);
            cluster.registerOn(1 - current, "svc", "b", "127.0.0.1", 1001);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.lookup("svc").instances().stream()
                    .map(InstanceView::id).anyMatch("b"::equals));
            assertTrue(client.metrics().watchConnects() >= 2, "the silent watch was replaced");
        }
    }
}
