package dev.registry.client.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.balance.Strategy;
import dev.registry.client.breaker.BreakerConfig;
import dev.registry.client.cluster.EchoBackend;
import dev.registry.client.cluster.FakeCluster;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.retry.RetryConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** call(): retries on another instance, breakers, the retry budget, against real sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceCallerTest {

    private FakeCluster cluster;
    private final List<EchoBackend> backends = new ArrayList<>();
    private RegistryClient client;
    private final List<ClientEvent> events = new CopyOnWriteArrayList<>();
    private final List<Long> pauses = new CopyOnWriteArrayList<>();
    /** Virtual clock for breakers and budgets: advanced by the test, never by waiting. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void setUp() {
        cluster = FakeCluster.start(1);
        for (int i = 0; i < 2; i++) {
            EchoBackend backend = new EchoBackend("b" + i);
            backends.add(backend);
            cluster.registerOn(0, "echo", backend.name(), "127.0.0.1", backend.port());
        }
    }

    private void start(RetryConfig retry) {
        ClientConfig config = ClientConfig.test(cluster.httpAddresses()).withStrategy(Strategy.ROUND_ROBIN)
                .withResilience(new BreakerConfig(3, Duration.ofSeconds(5), 1, 1), retry);
        client = RegistryClient.builder(config).clock(now::get).random(new SplittableRandom(9))
                .pause(pauses::add).listener(events::add).build().start();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        backends.forEach(EchoBackend::close);
        cluster.close();
    }

    private HttpResponse<String> call(String method) throws Exception {
        return client.call("echo", base -> HttpRequest.newBuilder(base.resolve("/x"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_dead_instance_is_retried_elsewhere_and_its_breaker_opens() throws Exception {
        start(RetryConfig.defaults());
        backends.get(0).close();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = call("GET");
            assertEquals(200, response.statusCode());
            assertEquals("b1", response.body());
        }
        assertTrue(events.contains(new ClientEvent.BreakerChanged("echo", "b0", true)), events.toString());
        long attempts = client.metrics().attempts();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, call("GET").statusCode());
        }
        assertEquals(attempts + 10, client.metrics().attempts(), "an open breaker keeps calls off the dead instance");
        assertEquals(0, client.metrics().callFailures());
        assertTrue(pauses.stream().allMatch(p -> p >= 0 && p <= Duration.ofMillis(25).toNanos()), pauses.toString());
    }

    @Test
    void the_breaker_probes_after_its_open_time_and_closes_when_the_instance_is_back() throws Exception {
        start(RetryConfig.defaults());
        backends.get(0).failing(true);
        for (int i = 0; i < 10; i++) {
            assertEquals(200, call("GET").statusCode());
        }
        assertTrue(events.contains(new ClientEvent.BreakerChanged("echo", "b0", true)));
        backends.get(0).failing(false);
        int before = backends.get(0).requests();
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        for (int i = 0; i < 4; i++) {
            assertEquals(200, call("GET").statusCode());
        }
        assertTrue(backends.get(0).requests() > before, "a probe reached the recovered instance");
        assertTrue(events.contains(new ClientEvent.BreakerChanged("echo", "b0", false)), events.toString());
    }

    @Test
    void a_non_idempotent_request_answered_503_is_not_retried() throws Exception {
        start(RetryConfig.defaults());
        backends.forEach(b -> b.failing(true));
        assertEquals(503, call("POST").statusCode());
        assertEquals(0, client.metrics().retries());
        assertEquals(503, call("GET").statusCode());
        assertEquals(2, client.metrics().retries(), "GET retried up to its three attempts");
        assertEquals(1, backends.get(0).requests() + backends.get(1).requests() - 3, "one POST, three GETs");
    }

    @Test
    void retries_stop_when_the_budget_is_spent() throws Exception {
        start(new RetryConfig(3, Duration.ZERO, Duration.ZERO, 0, 0));
        backends.get(0).failing(true);
        backends.get(1).failing(true);
        assertEquals(503, call("GET").statusCode());
        assertEquals(0, client.metrics().retries());
        assertEquals(1, client.metrics().retriesDenied());
        assertEquals(1.0, client.metrics().failureRate());
    }

    @Test
    void a_service_with_no_instance_fails_fast_with_a_clear_reason() throws Exception {
        start(RetryConfig.defaults());
        NoInstanceAvailableException e = assertThrows(NoInstanceAvailableException.class,
                () -> client.call("nothing", base -> HttpRequest.newBuilder(base).build(),
                        HttpResponse.BodyHandlers.discarding()));
        assertTrue(e.getMessage().contains("none registered"), e.getMessage());
        await().atMost(Duration.ofSeconds(2)).until(() -> client.serviceUrl("echo").getPort() > 0);
    }
}
