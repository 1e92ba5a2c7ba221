package dev.registry.client.registration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.RegistrationRequest;
import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.cluster.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two closers at once (the JVM shutdown hook and the application's client.close()) while
 * heartbeats keep running through the drain: both return once the one graceful shutdown is done.
 * (Found by running the example against a real node: the second closer waited while holding the
 * registration's monitor, which the running heartbeat needed, which the first closer waited for.)
 */
// A separate thread: if the deadlock comes back, the test fails at the timeout instead of hanging the build.
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistrationCloseTest {

    @Test
    void concurrent_closes_during_heartbeats_both_finish_after_one_graceful_shutdown() throws Exception {
        try (FakeCluster cluster = FakeCluster.start(1);
             RegistryClient client = RegistryClient.builder(ClientConfig.test(cluster.httpAddresses())
                     .withDrainTime(Duration.ofMillis(1_200))).build().start()) {
            Registration registration = client.register(new RegistrationRequest("svc", "r1", "127.0.0.1", 7000, null,
                    null, List.of(), Map.of(), "UP", 1, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.metrics().heartbeats() >= 1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> close(registration));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> close(registration));
            CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
            assertTrue(cluster.instancesOn(0, "svc").isEmpty());
            assertEquals(false, registration.registered());
        }
    }

    private static void close(Registration registration) {
        try {
            registration.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
