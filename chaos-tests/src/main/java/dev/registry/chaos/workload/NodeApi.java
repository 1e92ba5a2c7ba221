package dev.registry.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.registry.api.ApiHeaders;
import dev.registry.chaos.history.ReadEntry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's HTTP API (HTTP-API.md) as the workload and the final-state probe use it, against
 * one node at {@code baseUrl}. The workload's payload and opId travel in the instance metadata
 * ({@code chaos.payload}, {@code chaos.opId}) so a read names the write it saw. Thread-safe.
 */
public final class NodeApi {
    public static final String PAYLOAD = "chaos.payload";
    public static final String OP_ID = "chaos.opId";

    private final String node;
    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    public NodeApi(String node, String baseUrl, HttpClient http, Duration timeout) {
        this.node = node;
        this.baseUrl = baseUrl;
        this.http = http;
        this.timeout = timeout;
    }

    public String node() {
        return node;
    }

    /** "host:port" of this node's HTTP API. */
    public String authority() {
        return URI.create(baseUrl).getAuthority();
    }

    public Reply register(String service, String id, String payload, String opId, int ttlSeconds, int acks) {
        ObjectNode body = json.createObjectNode();
        body.put("host", "10.99.0.1").put("port", 8080).put("ttlSeconds", ttlSeconds);
        body.putObject("metadata").put(PAYLOAD, payload).put(OP_ID, opId);
        return send(withDeadline(HttpRequest.newBuilder(uri("/v1/services/" + service + "/instances/" + id + "?acks=" + acks)))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"));
    }

    public Reply deregister(String service, String id, int acks) {
        return send(withDeadline(HttpRequest.newBuilder(uri("/v1/services/" + service + "/instances/" + id + "?acks=" + acks)))
                .DELETE());
    }

    public Reply heartbeat(String service, String id) {
        return send(HttpRequest.newBuilder(uri("/v1/services/" + service + "/instances/" + id + "/heartbeat"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply setStatus(String service, String id, String status, int acks) {
        String body = json.createObjectNode().put("status", status).toString();
        return send(withDeadline(HttpRequest.newBuilder(uri("/v1/services/" + service + "/instances/" + id + "/status?acks=" + acks)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** The instances of {@code service} as read entries; an unknown service (404) reads as empty. */
    public List<ReadEntry> parseInstances(String service, Reply reply) {
        List<ReadEntry> out = new ArrayList<>();
        if (reply.status() == 404) {
            return out;
        }
        JsonNode root = tree(reply.body());
        JsonNode list = root.isArray() ? root : root.path("instances");
        for (JsonNode i : list) {
            JsonNode meta = i.path("metadata");
            out.add(new ReadEntry(service + "/" + i.path("id").asText(), textOrNull(meta.get(PAYLOAD)),
                    textOrNull(meta.get(OP_ID)), textOrNull(i.get("status"))));
        }
        return out;
    }

    public JsonNode tree(String body) {
        try {
            return json.readTree(body == null ? "null" : body);
        } catch (IOException e) {
            throw new IllegalStateException(node + " answered unparseable JSON: " + body, e);
        }
    }

    /**
     * Writes carry the instant this client gives up on them (rule R1), so an attempt that outlives its
     * timeout, delayed in a partition or in a paused node, is refused instead of applied after a retry.
     */
    private HttpRequest.Builder withDeadline(HttpRequest.Builder request) {
        return request.header(ApiHeaders.DEADLINE, Long.toString(System.currentTimeMillis() + timeout.toMillis()));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            int code = r.statusCode();
            if (code / 100 == 2) {
                return Reply.ok(code, r.body());
            }
            return code >= 500 ? Reply.unknown(code, r.body()) : Reply.fail(code, r.body());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Reply.fail(0, e.getClass().getSimpleName());
        } catch (HttpTimeoutException e) {
            return Reply.unknown(0, "timeout after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Reply.unknown(0, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unknown(0, "interrupted");
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
