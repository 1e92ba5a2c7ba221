package dev.registry.node.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.RegistrationRequest;
import dev.registry.node.registry.RegistryService.Acks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SSE watch's lifecycle: subscription freed on disconnect and on shutdown, pings, slow consumers cut. */
@Timeout(60)
class WatchLifecycleTest {

    private static RegistrationRequest request(String service, String id, Map<String, String> metadata) {
        return new RegistrationRequest(service, id, "h", 1, null, null, null, metadata, null, null, null);
    }

    @Test
    void clientDisconnectClosesTheRegistrySubscription() throws Exception {
        try (SingleNode node = new SingleNode(HttpConfig.test())) {
            for (int round = 0; round < 3; round++) {
                SseTestClient watch = new SseTestClient(node.vertx, node.base, "/v1/watch?service=s");
                await().atMost(Duration.ofSeconds(10)).until(() -> node.registry.subscriptionCount() == 1);
                assertEquals(1, node.api.openWatches());
                node.registry.register("s", "a" + round, request("s", "a" + round, null), Acks.ONE).join();
                await().atMost(Duration.ofSeconds(10)).until(() -> watch.events().size() == 1);
                watch.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> node.registry.subscriptionCount() == 0
                        && node.api.openWatches() == 0);
            }
        }
    }

    @Test
    void serverShutdownClosesEveryWatch() throws Exception {
        SingleNode node = new SingleNode(HttpConfig.test());
        try {
            SseTestClient a = new SseTestClient(node.vertx, node.base, "/v1/watch");
            SseTestClient b = new SseTestClient(node.vertx, node.base, "/v1/watch?service=x&service=y");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.registry.subscriptionCount() == 2);
            node.api.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.registry.subscriptionCount() == 0
                    && node.api.openWatches() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.connectionClosed() && b.connectionClosed());
        } finally {
            node.close();
        }
    }

    @Test
    void idleWatchReceivesPingComments() throws Exception {
        HttpConfig config = HttpConfig.test().withWatch(Duration.ofMillis(100), 64 * 1024, 1_000);
        try (SingleNode node = new SingleNode(config);
             SseTestClient watch = new SseTestClient(node.vertx, node.base, "/v1/watch")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.raw().split(": ping\n\n", -1).length > 3);
            assertTrue(watch.events().isEmpty(), "pings are comments, not events");
        }
    }

    @Test
    void slowConsumerIsDisconnectedInsteadOfBufferingWithoutBound() throws Exception {
        HttpConfig config = HttpConfig.test().withWatch(Duration.ofSeconds(15), 16 * 1024, 64);
        Map<String, String> fat = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            fat.put("k" + i, "v".repeat(500));
        }
        try (SingleNode node = new SingleNode(config);
             SseTestClient stalled = new SseTestClient(node.vertx, node.base, "/v1/watch?service=s", false)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.registry.subscriptionCount() == 1);
            // ~16 KiB per event; a few thousand of them exceed any loopback socket buffer.
            for (int i = 0; i < 3_000 && node.api.openWatches() > 0; i++) {
                node.registry.register("s", "i" + (i % 50), request("s", "i" + (i % 50), fat), Acks.ONE).join();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> node.api.openWatches() == 0
                    && node.registry.subscriptionCount() == 0);
            stalled.resume();
            await().atMost(Duration.ofSeconds(10)).until(stalled::connectionClosed);
            assertEquals(200, new TestHttp().get(node.base, "/health").status(), "the node is fine");
        }
    }
}
