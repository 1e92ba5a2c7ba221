package dev.registry.node.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registry.api.ApiHeaders;
import dev.registry.node.http.TestHttp.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP-API.md, "Instances": every write route, its status codes and its error cases, written once
 * against a {@link ClusterTarget}. Writes go to one node and are read back on another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class InstanceContractSuite {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    protected ClusterTarget cluster;
    protected final TestHttp http = new TestHttp();

    protected abstract ClusterTarget createTarget();

    @BeforeAll
    void startCluster() {
        cluster = createTarget();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    URI node(int i) {
        return cluster.nodes().get(i);
    }

    static String freshService() {
        return "svc-" + ProcessHandle.current().pid() + "-" + SERVICES.incrementAndGet();
    }

    static String body(String host, int port) {
        return "{\"host\":\"" + host + "\",\"port\":" + port + "}";
    }

    static void assertError(Reply r, int status, String code, String mentions) {
        assertEquals(status, r.status(), r::toString);
        JsonNode json = r.json();
        assertEquals(code, json.path("error").asText(), r::toString);
        assertTrue(json.path("message").asText().contains(mentions), () -> "message should name " + mentions + ": " + r);
    }

    JsonNode awaitInstances(int node, String service, int count) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply r = http.get(node(node), "/v1/services/" + service + "/instances");
            seen.clear();
            seen.add(r.json());
            return r.status() == 200 && r.json().size() == count;
        });
        return seen.get(0);
    }

    @Test
    void registerAnswersTheStoredInstanceWithIndexAndIsVisibleOnAnotherNode() {
        String s = freshService();
        Reply r = http.put(node(0), "/v1/services/" + s + "/instances/i-1",
                "{\"host\":\"10.0.0.1\",\"port\":8080,\"zone\":\"z1\",\"tags\":[\"a\",\"b\"],"
                        + "\"metadata\":{\"v\":\"1\"},\"ttlSeconds\":20,\"unknownField\":{\"x\":[1,2]}}");
        assertEquals(200, r.status(), r::toString);
        JsonNode instance = r.json();
        assertEquals(s, instance.path("service").asText());
        assertEquals("i-1", instance.path("id").asText());
        assertEquals("10.0.0.1", instance.path("host").asText());
        assertEquals(8080, instance.path("port").asInt());
        assertEquals("z1", instance.path("zone").asText());
        assertEquals(20, instance.path("ttlSeconds").asInt());
        assertEquals("UP", instance.path("status").asText());
        assertTrue(r.index() > 0, "X-Registry-Index is positive");
        cluster.awaitReplicated();
        JsonNode list = awaitInstances(2, s, 1);
        assertEquals("i-1", list.get(0).path("id").asText());
        assertEquals("1", list.get(0).path("metadata").path("v").asText());
    }

    @Test
    void registrationViolationsAre400NamingTheField() {
        String base = "/v1/services/" + freshService() + "/instances/";
        assertError(http.put(node(0), base + "i", body("h", 0)), 400, "invalid_request", "port");
        assertError(http.put(node(0), base + "i", body("h", 65536)), 400, "invalid_request", "port");
        assertError(http.put(node(0), base + "i", "{\"port\":80}"), 400, "invalid_request", "host");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":\"eighty\"}"), 400,
                "invalid_request", "port");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"ttlSeconds\":0}"), 400,
                "invalid_request", "ttlSeconds");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"weight\":-1}"), 400,
                "invalid_request", "weight");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"status\":\"SLEEPY\"}"), 400,
                "invalid_request", "status");
        StringBuilder tags = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"tags\":" + tags + "]}"), 400,
                "invalid_request", "tags");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"metadata\":{\"k\":\""
                + "x".repeat(600) + "\"}}"), 400, "invalid_request", "metadata.k");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"check\":{\"type\":\"HTTP\","
                + "\"path\":\"/h\",\"intervalMillis\":10,\"timeoutMillis\":100,\"healthyThreshold\":1,"
                + "\"unhealthyThreshold\":1}}"), 400, "invalid_request", "check.intervalMillis");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"check\":{\"type\":\"UDP\"}}"),
                400, "invalid_request", "check.type");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80,\"id\":\"other\"}"), 400,
                "invalid_request", "id");
        assertError(http.put(node(0), "/v1/services/Bad_Name/instances/i", body("h", 80)), 400,
                "invalid_request", "service");
        assertError(http.put(node(0), base + "-bad", body("h", 80)), 400, "invalid_request", "id");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80"), 400, "invalid_request", "body");
        assertError(http.put(node(0), base + "i", "{\"host\":\"h\",\"port\":80} trailing"), 400,
                "invalid_request", "body");
        assertError(http.put(node(0), base + "i", "[1,2]"), 400, "invalid_request", "body");
        assertError(http.put(node(0), base + "i", ""), 400, "invalid_request", "body");
        assertError(http.put(node(0), base + "i", "[".repeat(5000)), 400, "invalid_request", "body");
        assertError(http.put(node(0), base + "i?acks=3", body("h", 80)), 400, "invalid_request", "acks");
        assertEquals(0, http.get(node(1), "/v1/services/" + base.split("/")[3] + "/instances").json().size(),
                "nothing invalid is stored");
    }

    @Test
    void oversizeBodyIs413AndNonJsonIs415() {
        String path = "/v1/services/" + freshService() + "/instances/i";
        String huge = "{\"host\":\"h\",\"port\":80,\"metadata\":{\"k\":\"" + "x".repeat(1_100_000) + "\"}}";
        assertError(http.put(node(0), path, huge), 413, "body_too_large", "body");
        assertError(http.send(node(0), "PUT", path, "host=h&port=80", "application/x-www-form-urlencoded"), 415,
                "unsupported_media_type", "Content-Type");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() {
        assertError(http.get(node(0), "/v1/nothing-here"), 404, "not_found", "/v1/nothing-here");
        assertError(http.get(node(0), "/v2/services"), 404, "not_found", "");
        Reply r = http.send(node(0), "POST", "/v1/services/a/instances/b", "{}", "application/json");
        assertError(r, 405, "method_not_allowed", "POST");
        assertEquals("DELETE, PUT", r.header("Allow"));
        Reply g = http.delete(node(0), "/v1/services");
        assertError(g, 405, "method_not_allowed", "DELETE");
        assertEquals("GET", g.header("Allow"));
    }

    @Test
    void heartbeatStatusAndDeregisterAnswer200Or404() {
        String s = freshService();
        String path = "/v1/services/" + s + "/instances/i-1";
        assertError(http.put(node(0), path + "/heartbeat", null), 404, "not_found", "i-1");
        assertError(http.put(node(0), path + "/status", "{\"status\":\"DOWN\"}"), 404, "not_found", "i-1");
        assertError(http.delete(node(0), path), 404, "not_found", "i-1");
        assertEquals(200, http.put(node(0), path, body("h", 80)).status());
        cluster.awaitReplicated();
        assertEquals(200, http.put(node(0), path + "/heartbeat", null).status());
        assertError(http.put(node(1), path + "/status", "{\"status\":\"SLEEPY\"}"), 400, "invalid_request",
                "status");
        assertError(http.put(node(1), path + "/status", "{}"), 400, "invalid_request", "status");
        Reply st = http.put(node(1), path + "/status", "{\"status\":\"maintenance\"}");
        assertEquals(200, st.status(), st::toString);
        assertEquals("OUT_OF_SERVICE", st.json().path("status").asText());
        cluster.awaitReplicated();
        await().atMost(Duration.ofSeconds(20)).until(() -> "OUT_OF_SERVICE".equals(
                http.get(node(2), "/v1/services/" + s + "/instances").json().path(0).path("status").asText()));
        Reply del = http.delete(node(2), path);
        assertEquals(200, del.status(), del::toString);
        assertNotNull(del.header("X-Registry-Index"));
        cluster.awaitReplicated();
        awaitInstances(0, s, 0);
    }

    /** Rule R1: a write the node would apply after its client's deadline is refused, and nothing is stored. */
    @Test
    void aWriteArrivingAfterItsDeadlineIs408AndStoresNothing() {
        String s = freshService();
        String path = "/v1/services/" + s + "/instances/i-1";
        Map<String, String> passed = Map.of(ApiHeaders.DEADLINE, Long.toString(System.currentTimeMillis() - 60_000));
        Map<String, String> ahead = Map.of(ApiHeaders.DEADLINE, Long.toString(System.currentTimeMillis() + 60_000));

        assertError(http.sendWith(node(0), "PUT", path, body("h", 80), passed), 408, "deadline_exceeded", "deadline");
        assertError(http.get(node(0), path + "/history"), 404, "not_found", "i-1");
        for (String bad : List.of("soon", "-5", "0", "1e12", "99999999999999999999")) {
            assertError(http.sendWith(node(0), "PUT", path, body("h", 80), Map.of(ApiHeaders.DEADLINE, bad)), 400,
                    "invalid_request", ApiHeaders.DEADLINE);
        }
        assertError(http.get(node(0), path + "/history"), 404, "not_found", "i-1");

        assertEquals(200, http.sendWith(node(0), "PUT", path, body("h", 80), ahead).status());
        assertError(http.sendWith(node(0), "PUT", path + "/status", "{\"status\":\"DOWN\"}", passed), 408,
                "deadline_exceeded", "deadline");
        assertError(http.sendWith(node(0), "DELETE", path, null, passed), 408, "deadline_exceeded", "deadline");
        Reply batch = http.sendWith(node(0), "POST", "/v1/instances:batch", "{\"instances\":[{\"service\":\"" + s
                + "\",\"id\":\"i-2\",\"host\":\"h\",\"port\":81}]}", passed);
        assertEquals(200, batch.status(), batch::toString);
        assertEquals(408, batch.json().path("results").path(0).path("status").asInt(), batch::toString);
        JsonNode list = http.get(node(0), "/v1/services/" + s + "/instances").json();
        assertEquals(1, list.size(), list::toString);
        assertEquals("UP", list.path(0).path("status").asText());
        assertEquals(200, http.sendWith(node(0), "DELETE", path, null, ahead).status());
    }

    @Test
    void batchRegistersTheValidItemsAndReportsEachBadOne() {
        String s = freshService();
        String batch = "{\"instances\":["
                + "{\"service\":\"" + s + "\",\"id\":\"a\",\"host\":\"h\",\"port\":1},"
                + "{\"service\":\"" + s + "\",\"id\":\"b\",\"host\":\"h\",\"port\":0},"
                + "{\"service\":\"" + s + "\",\"id\":\"c\",\"host\":\"h\",\"port\":\"x\"},"
                + "\"not an object\","
                + "{\"service\":\"" + s + "\",\"id\":\"e\",\"host\":\"h\",\"port\":5}]}";
        Reply r = http.post(node(1), "/v1/instances:batch", batch);
        assertEquals(200, r.status(), r::toString);
        JsonNode results = r.json().path("results");
        assertEquals(5, results.size());
        int[] expected = {200, 400, 400, 400, 200};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], results.get(i).path("status").asInt(), results::toString);
        }
        assertTrue(results.get(1).path("message").asText().contains("port"));
        assertTrue(results.get(2).path("message").asText().contains("instances[2].port"), results::toString);
        cluster.awaitReplicated();
        JsonNode list = awaitInstances(0, s, 2);
        assertEquals("a", list.get(0).path("id").asText());
        assertEquals("e", list.get(1).path("id").asText());

        StringBuilder many = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        assertError(http.post(node(0), "/v1/instances:batch", many + "]}"), 400, "invalid_request", "instances");
        assertError(http.post(node(0), "/v1/instances:batch", "{\"instances\":7}"), 400, "invalid_request",
                "instances");
        assertError(http.post(node(0), "/v1/instances:batch?acks=x", "{\"instances\":[]}"), 400,
                "invalid_request", "acks");
    }

    @Test
    void acksTwoIsConfirmedOr503WhenNoPeerConfirms() {
        String s = freshService();
        Reply ok = http.put(node(0), "/v1/services/" + s + "/instances/i?acks=2", body("h", 80));
        assertEquals(200, ok.status(), ok::toString);
        assumeTrue(cluster.canIsolatePeers(), "target cannot isolate peers");
        cluster.peersReachable(false);
        try {
            assertError(http.put(node(0), "/v1/services/" + s + "/instances/j?acks=2", body("h", 80)), 503,
                    "unavailable", "peer");
            assertEquals(200, http.put(node(0), "/v1/services/" + s + "/instances/k?acks=1", body("h", 80)).status());
        } finally {
            cluster.peersReachable(true);
        }
    }

    @Test
    void historyListsTheOperationsNewestFirstAnd404ForUnknown() {
        String s = freshService();
        String path = "/v1/services/" + s + "/instances/i";
        assertEquals(200, http.put(node(0), path, body("h", 80)).status());
        assertEquals(200, http.put(node(0), path + "/status", "{\"status\":\"DOWN\"}").status());
        cluster.awaitReplicated();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply h = http.get(node(1), "/v1/instances/" + s + "/i/history");
            return h.status() == 200 && h.json().size() >= 2;
        });
        JsonNode history = http.get(node(1), "/v1/instances/" + s + "/i/history").json();
        assertTrue(history.get(0).path("kind").asText().contains("STATUS"), history::toString);
        assertTrue(history.get(1).path("kind").asText().contains("REGISTER"), history::toString);
        assertError(http.get(node(0), "/v1/instances/" + s + "/nobody/history"), 404, "not_found", "nobody");
        assertError(http.get(node(0), "/v1/instances/BAD/x/history"), 400, "invalid_request", "service");
    }
}
