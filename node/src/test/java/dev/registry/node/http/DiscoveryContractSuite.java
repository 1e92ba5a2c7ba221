package dev.registry.node.http;

import static dev.registry.node.http.InstanceContractSuite.assertError;
import static dev.registry.node.http.InstanceContractSuite.body;
import static dev.registry.node.http.InstanceContractSuite.freshService;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registry.node.http.TestHttp.Reply;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP-API.md, "Discovery" and "Cluster and operations": filters, X-Registry-Index, blocking queries
 * (return on change, return on timeout), the SSE watch fed by writes made on another node, health checks
 * reflected in {@code ?healthy=true}, members, status, /health, /ready, /metrics, /ui/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class DiscoveryContractSuite {
    protected ClusterTarget cluster;
    protected final TestHttp http = new TestHttp();
    private Vertx clientVertx;

    protected abstract ClusterTarget createTarget();

    @BeforeAll
    void startCluster() {
        cluster = createTarget();
        clientVertx = Vertx.vertx();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    URI node(int i) {
        return cluster.nodes().get(i);
    }

    List<String> ids(Reply r) {
        List<String> ids = new ArrayList<>();
        r.json().forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    void register(int node, String service, String id, String json) {
        Reply r = http.put(node(node), "/v1/services/" + service + "/instances/" + id, json);
        assertEquals(200, r.status(), r::toString);
    }

    @Test
    void filtersSelectByHealthTagZoneAndStatus() {
        String s = freshService();
        register(0, s, "a", "{\"host\":\"h\",\"port\":1,\"zone\":\"z1\",\"tags\":[\"x\",\"y\"]}");
        register(1, s, "b", "{\"host\":\"h\",\"port\":2,\"zone\":\"z2\",\"tags\":[\"x\"]}");
        register(2, s, "c", "{\"host\":\"h\",\"port\":3,\"zone\":\"z1\",\"status\":\"DOWN\"}");
        cluster.awaitReplicated();
        String base = "/v1/services/" + s + "/instances";
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(http.get(node(1), base)).size() == 3);
        assertEquals(List.of("a", "b"), ids(http.get(node(1), base + "?healthy=true")));
        assertEquals(List.of("a", "b"), ids(http.get(node(1), base + "?tag=x")));
        assertEquals(List.of("a"), ids(http.get(node(1), base + "?tag=y&tag=x")));
        assertEquals(List.of("a"), ids(http.get(node(1), base + "?tag=x&tag=y")));
        assertEquals(List.of("a", "c"), ids(http.get(node(1), base + "?zone=z1")));
        assertEquals(List.of("c"), ids(http.get(node(1), base + "?status=DOWN")));
        assertEquals(List.of(), ids(http.get(node(1), base + "?zone=z1&status=UP&tag=nope")));
        assertError(http.get(node(1), base + "?healthy=maybe"), 400, "invalid_request", "healthy");
        assertError(http.get(node(1), base + "?status=SLEEPY"), 400, "invalid_request", "status");
        assertError(http.get(node(1), base + "?zone=%20"), 400, "invalid_request", "zone");
        assertError(http.get(node(1), base + "?tag=a%20b"), 400, "invalid_request", "tag");
        assertError(http.get(node(1), "/v1/services/UPPER/instances"), 400, "invalid_request", "service");
    }

    @Test
    void unknownServiceIsAnEmptyListAndServicesListsCounts() {
        Reply empty = http.get(node(0), "/v1/services/" + freshService() + "/instances");
        assertEquals(200, empty.status());
        assertEquals(0, empty.json().size());
        assertTrue(empty.index() >= 0);
        String s = freshService();
        register(0, s, "a", body("h", 1));
        register(0, s, "b", "{\"host\":\"h\",\"port\":2,\"status\":\"DOWN\"}");
        cluster.awaitReplicated();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode summary : http.get(node(2), "/v1/services").json()) {
                if (summary.path("name").asText().equals(s)) {
                    return summary.path("instances").asInt() == 2 && summary.path("healthy").asInt() == 1;
                }
            }
            return false;
        });
        assertTrue(http.get(node(2), "/v1/services").index() > 0);
    }

    @Test
    void indexHeaderGrowsWithEveryChangeOfTheService() {
        String s = freshService();
        register(0, s, "a", body("h", 1));
        long first = http.get(node(0), "/v1/services/" + s + "/instances").index();
        register(0, s, "b", body("h", 2));
        long second = http.get(node(0), "/v1/services/" + s + "/instances").index();
        assertTrue(second > first, second + " > " + first);
        assertEquals(second, http.get(node(0), "/v1/services/" + s + "/instances?healthy=true").index());
    }

    @Test
    void blockingQueryReturnsOnAChangeMadeOnAnotherNode() throws Exception {
        String s = freshService();
        register(0, s, "a", body("h", 1));
        cluster.awaitReplicated();
        String base = "/v1/services/" + s + "/instances";
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(http.get(node(1), base)).size() == 1);
        long index = http.get(node(1), base).index();
        CompletableFuture<Reply> blocked = CompletableFuture.supplyAsync(
                () -> http.get(node(1), base + "?index=" + index + "&wait=60s"));
        // The query is parked on node 1 (its gauge says so) before the change is made elsewhere.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(node(1), "/metrics").body()
                .contains("registry_http_blocking_queries 1.0"));
        assertTrue(!blocked.isDone(), "nothing changed yet");
        register(2, s, "b", body("h", 2));
        Reply r = blocked.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertTrue(r.index() > index);
        assertEquals(List.of("a", "b"), ids(r));
    }

    @Test
    void blockingQueryReturnsTheUnchangedListWhenTheWaitEnds() {
        String s = freshService();
        register(0, s, "a", body("h", 1));
        String base = "/v1/services/" + s + "/instances";
        long index = http.get(node(0), base).index();
        long start = System.nanoTime();
        Reply r = http.get(node(0), base + "?index=" + index + "&wait=700ms");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status());
        assertEquals(index, r.index());
        assertEquals(List.of("a"), ids(r));
        assertTrue(tookMs >= 650, "waited " + tookMs + " ms");
        Reply past = http.get(node(0), base + "?index=" + (index - 1) + "&wait=60s");
        assertEquals(List.of("a"), ids(past), "an index already passed answers at once");
        assertError(http.get(node(0), base + "?index=-1"), 400, "invalid_request", "index");
        assertError(http.get(node(0), base + "?index=abc"), 400, "invalid_request", "index");
        assertError(http.get(node(0), base + "?index=1&wait=soon"), 400, "invalid_request", "wait");
        assertError(http.get(node(0), base + "?index=1&wait=5x"), 400, "invalid_request", "wait");
    }

    @Test
    void watchDeliversEventsForWritesMadeOnAnotherNode() throws Exception {
        String s = freshService();
        String other = freshService();
        try (SseTestClient watch = new SseTestClient(clientVertx, node(0), "/v1/watch?service=" + s)) {
            assertEquals(200, watch.status());
            assertTrue(watch.header("Content-Type").startsWith("text/event-stream"));
            register(1, other, "z", body("h", 9));
            register(1, s, "a", body("h", 1));
            cluster.awaitReplicated();
            assertEquals(200, http.put(node(2), "/v1/services/" + s + "/instances/a/status",
                    "{\"status\":\"DOWN\"}").status());
            cluster.awaitReplicated();
            assertEquals(200, http.delete(node(1), "/v1/services/" + s + "/instances/a").status());
            await().atMost(Duration.ofSeconds(20)).until(() -> watch.events().size() >= 3);
            List<SseTestClient.Event> events = watch.events();
            assertEquals(List.of("registered", "updated", "deregistered"),
                    events.stream().map(SseTestClient.Event::name).toList());
            for (SseTestClient.Event e : events) {
                JsonNode data = TestHttp.MAPPER.readTree(e.data());
                assertEquals(s, data.path("instance").path("service").asText(), "only the watched service");
                assertEquals(e.id(), data.path("index").asText(), "id: is the event's index");
                assertEquals(e.name().toUpperCase(), data.path("type").asText());
            }
            assertTrue(Long.parseLong(events.get(2).id()) > Long.parseLong(events.get(0).id()));
        }
        assertError(http.get(node(0), "/v1/watch?service=Bad!"), 400, "invalid_request", "service");
    }

    @Test
    void failingHealthCheckMakesTheInstanceCriticalAndUnhealthy() throws Exception {
        String s = freshService();
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0)) {
            String check = ",\"check\":{\"type\":\"TCP\",\"intervalMillis\":1000,\"timeoutMillis\":500,"
                    + "\"healthyThreshold\":1,\"unhealthyThreshold\":2}}";
            register(0, s, "up", "{\"host\":\"127.0.0.1\",\"port\":" + open.getLocalPort() + check);
            register(0, s, "gone", "{\"host\":\"127.0.0.1\",\"port\":" + closedPort + check);
            cluster.awaitReplicated();
            String base = "/v1/services/" + s + "/instances";
            await().atMost(Duration.ofSeconds(20)).until(() -> ids(http.get(node(1), base + "?healthy=true"))
                    .equals(List.of("up")));
            JsonNode all = http.get(node(1), base).json();
            assertEquals("CRITICAL", all.get(0).path("health").asText(), all::toString);
            assertEquals("PASSING", all.get(1).path("health").asText(), all::toString);
        }
    }

    @Test
    void clusterMembersAndStatusDescribeTheNodes() {
        Reply members = http.get(node(0), "/v1/cluster/members");
        assertEquals(200, members.status());
        assertTrue(members.json().path("members").size() >= 3, members::toString);
        assertTrue(members.json().has("epoch"));
        Reply status = http.get(node(1), "/v1/cluster/status");
        assertEquals(200, status.status());
        for (String field : List.of("id", "leader", "raftRole", "versionVector", "digest", "lagByPeer", "degraded")) {
            assertTrue(status.json().has(field), () -> field + " in " + status);
        }
    }

    @Test
    void healthReadyMetricsAndConsoleAnswer() {
        assertEquals(200, http.get(node(0), "/health").status());
        assertEquals(200, http.get(node(0), "/ready").status());
        http.get(node(2), "/v1/services/" + freshService() + "/instances");
        Reply metrics = http.get(node(2), "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("registry_http_requests_seconds"), "request timers");
        assertTrue(metrics.body().contains("route=\"/v1/services/{service}/instances\""), "route template label");
        assertTrue(metrics.body().contains("registry_cache_requests_total{result=\"miss\"}"), "cache counters");
        Reply ui = http.get(node(1), "/ui/");
        assertEquals(200, ui.status());
        assertTrue(ui.header("Content-Type").startsWith("text/html"));
        assertTrue(ui.body().contains("app.js"));
        assertEquals(200, http.get(node(1), "/ui/app.js").status());
        assertError(http.get(node(1), "/ui/../pom.xml"), 404, "not_found", "");
        assertError(http.get(node(1), "/ui/secret.txt"), 404, "not_found", "");
    }
}
