package dev.registry.node.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.registry.api.Health;
import dev.registry.api.HealthCheckSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The prober against real local servers: a JDK HttpServer flipped between 200 and 500, a handler that
 * hangs (timeout), a ServerSocket opened and closed. Intervals are short (the 1 s minimum is an HTTP
 * validation rule, not the prober's) so the suite stays fast.
 */
@Timeout(60)
class HealthProberTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private record Transition(String service, String id, Health health) {
    }

    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch releaseHung = new CountDownLatch(1);
    private Vertx vertx;
    private SimpleMeterRegistry meters;
    private HealthProber prober;
    private HttpServer server;
    private ExecutorService serverThreads;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        meters = new SimpleMeterRegistry();
        prober = new HealthProber(vertx, meters, (s, id, h) -> transitions.add(new Transition(s, id, h)));
        prober.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                releaseHung.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        prober.close();
        releaseHung.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HealthCheckSpec http(String path, int expect, int healthy, int unhealthy) {
        return new HealthCheckSpec(HealthCheckSpec.Type.HTTP, path, expect, 50, 300, healthy, unhealthy);
    }

    private List<Health> healthOf(String id) {
        return transitions.stream().filter(t -> t.id.equals(id)).map(Transition::health).toList();
    }

    @Test
    void httpCheckWarnsThenGoesCriticalThenRecovers() {
        int port = server.getAddress().getPort();
        prober.track("s", "a", "127.0.0.1", port, http("/health", 0, 2, 3));
        await().atMost(WAIT).until(() -> meters.counter("registry.health.checks", "result", "success").count() >= 3);
        assertEquals(List.of(), healthOf("a"), "passing stays silent: transitions only");
        status.set(500);
        await().atMost(WAIT).until(() -> healthOf("a").contains(Health.CRITICAL));
        assertEquals(List.of(Health.WARNING, Health.CRITICAL), healthOf("a"));
        status.set(200);
        await().atMost(WAIT).until(() -> healthOf("a").size() == 3);
        assertEquals(List.of(Health.WARNING, Health.CRITICAL, Health.PASSING), healthOf("a"));
        assertTrue(meters.counter("registry.health.checks", "result", "failure").count() >= 3);
    }

    @Test
    void httpCheckWithAnExpectedStatusFailsOnAnyOther() {
        int port = server.getAddress().getPort();
        prober.track("s", "expects-204", "127.0.0.1", port, http("/health", 204, 1, 1));
        prober.track("s", "expects-200", "127.0.0.1", port, http("/health", 200, 1, 1));
        await().atMost(WAIT).until(() -> healthOf("expects-204").equals(List.of(Health.CRITICAL)));
        status.set(204);
        await().atMost(WAIT).until(() -> healthOf("expects-204").equals(List.of(Health.CRITICAL, Health.PASSING)));
        await().atMost(WAIT).until(() -> healthOf("expects-200").equals(List.of(Health.CRITICAL)));
    }

    @Test
    void aProbeThatTakesLongerThanItsTimeoutFails() {
        int port = server.getAddress().getPort();
        prober.track("s", "slow", "127.0.0.1", port, http("/hang", 0, 1, 1));
        await().atMost(WAIT).until(() -> healthOf("slow").equals(List.of(Health.CRITICAL)));
    }

    @Test
    void tcpCheckFollowsTheListeningSocket() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        HealthCheckSpec tcp = new HealthCheckSpec(HealthCheckSpec.Type.TCP, null, 0, 50, 300, 1, 2);
        prober.track("s", "t", "127.0.0.1", port, tcp);
        await().atMost(WAIT).until(() -> meters.counter("registry.health.checks", "result", "success").count() >= 2);
        socket.close();
        await().atMost(WAIT).until(() -> healthOf("t").contains(Health.CRITICAL));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            await().atMost(WAIT).until(() -> healthOf("t").equals(List.of(Health.WARNING, Health.CRITICAL,
                    Health.PASSING)));
        }
    }

    @Test
    void untrackStopsProbingAndReporting() {
        int port = server.getAddress().getPort();
        prober.track("s", "u", "127.0.0.1", port, http("/health", 0, 1, 1));
        await().atMost(WAIT).until(() -> prober.tracked() == 1);
        prober.untrack("s", "u");
        await().atMost(WAIT).until(() -> prober.tracked() == 0);
        status.set(500);
        // A witness on the same endpoint and interval: once it has failed twice, an untracked check
        // that still probed would have reported too.
        prober.track("s", "witness", "127.0.0.1", port, http("/health", 0, 1, 2));
        await().atMost(WAIT).until(() -> healthOf("witness").equals(List.of(Health.WARNING, Health.CRITICAL)));
        assertEquals(List.of(), healthOf("u"));
        assertEquals(1, prober.tracked());
    }

    @Test
    void retrackingTheSameCheckKeepsItsState() {
        int port = server.getAddress().getPort();
        status.set(500);
        HealthCheckSpec spec = http("/health", 0, 1, 1);
        prober.track("s", "r", "127.0.0.1", port, spec);
        await().atMost(WAIT).until(() -> healthOf("r").equals(List.of(Health.CRITICAL)));
        prober.track("s", "r", "127.0.0.1", port, spec);
        status.set(200);
        await().atMost(WAIT).until(() -> healthOf("r").equals(List.of(Health.CRITICAL, Health.PASSING)));
    }
}
