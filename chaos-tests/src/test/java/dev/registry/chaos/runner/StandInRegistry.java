package dev.registry.chaos.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in registry node for exercising the whole chaos runner before the real node exists:
 * the node's command line and the HTTP subset the runner uses, an op log folded by the resolver
 * spec (greatest (HLC, origin) wins, tombstones beat older, only REGISTER revives), persisted to
 * the data directory (flushed, not fsynced), pushed to peers over HTTP every 100 ms from per-peer
 * cursors, acks=2 pushes synchronously. {@code --bug drop-ack} acknowledges every fifth register
 * without storing it: the broken build the checkers must catch. Not a design for the real node.
 */
public final class StandInRegistry {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(300)).build();
    private final Map<String, String> flags;
    private final String id;
    private final long clockOffset;
    private final boolean dropAcks;
    private final Path logFile;
    private final StandInState state;
    private final List<String> peers = new ArrayList<>();
    private final Map<String, Integer> cursors = new HashMap<>();
    private final Map<String, String> peerIncarnations = new HashMap<>();
    private final String incarnation;
    private int registers;

    private StandInRegistry(Map<String, String> flags) throws IOException {
        this.flags = flags;
        this.id = flags.get("id");
        this.clockOffset = Long.parseLong(flags.getOrDefault("clock-offset-ms", "0"));
        this.dropAcks = "drop-ack".equals(flags.get("bug"));
        Path dir = Files.createDirectories(Path.of(flags.get("data-dir")));
        this.logFile = dir.resolve("ops.jsonl");
        // A fresh origin per process start: a wiped node must not reuse sequence numbers its
        // peers have already seen (they would drop its new writes as duplicates).
        this.incarnation = id + "." + System.currentTimeMillis();
        this.state = new StandInState(incarnation);
        if (Files.exists(logFile)) {
            for (String line : Files.readAllLines(logFile)) {
                if (!line.isBlank()) {
                    state.accept(json.readValue(line, StandInState.Op.class));
                }
            }
        }
        for (String voter : flags.get("voters").split(",")) {
            String peerId = voter.substring(0, voter.indexOf('@'));
            if (!peerId.equals(id)) {
                peers.add(voter.substring(voter.indexOf('@') + 1, voter.lastIndexOf(':')));
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i].substring(2), args[i + 1]);
        }
        new StandInRegistry(flags).start();
    }

    private void start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(flags.get("http-host"),
                Integer.parseInt(flags.get("http-port"))), 128);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
        Executors.newSingleThreadScheduledExecutor().scheduleWithFixedDelay(this::gossipRound, 100, 100,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            String[] p = path.split("/");
            String method = ex.getRequestMethod();
            byte[] in = ex.getRequestBody().readAllBytes();
            if (path.equals("/health") || path.equals("/ready")) {
                reply(ex, 200, "{\"status\":\"ok\"}");
            } else if (path.equals("/standin/ops")) {
                for (JsonNode n : json.readTree(in)) {
                    StandInState.Op op = json.treeToValue(n, StandInState.Op.class);
                    if (state.accept(op)) {
                        persist(op);
                    }
                }
                reply(ex, 200, incarnation);
            } else if (path.equals("/v1/cluster/status")) {
                reply(ex, 200, json.writeValueAsString(state.status(id)));
            } else if (path.equals("/v1/cluster/members")) {
                reply(ex, 200, "{\"leader\":\"n1\",\"epoch\":1,\"members\":[]}");
            } else if (p.length == 5 && p[2].equals("services") && method.equals("GET")) {
                reply(ex, 200, json.writeValueAsString(state.instances(p[3])));
            } else if (p.length == 6 && p[2].equals("instances") && p[5].equals("history")) {
                List<Map<String, Object>> h = state.history(p[3] + "/" + p[4]);
                reply(ex, h.isEmpty() ? 404 : 200, json.writeValueAsString(h));
            } else if (p.length >= 6 && p[2].equals("services")) {
                write(ex, method, p[3] + "/" + p[5], p.length == 7 ? p[6] : "", in, query.contains("acks=2"));
            } else {
                reply(ex, 404, "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException e) {
            reply(ex, 500, "{\"error\":\"internal\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void write(HttpExchange ex, String method, String key, String sub, byte[] body, boolean acks2) throws IOException {
        boolean present = state.present(key);
        StandInState.Op op;
        if (method.equals("PUT") && sub.isEmpty()) {
            JsonNode meta = json.readTree(body).path("metadata");
            op = state.local(key, "REGISTER", wallNow(), meta.path("chaos.payload").asText(null),
                    meta.path("chaos.opId").asText(null), "UP");
            if (dropAcks && ++registers % 5 == 0) {
                reply(ex, 200, "{}");
                return;
            }
        } else if (!present) {
            reply(ex, 404, "{\"error\":\"not_found\"}");
            return;
        } else if (method.equals("PUT") && sub.equals("heartbeat")) {
            reply(ex, 200, "{}");
            return;
        } else if (method.equals("PUT") && sub.equals("status")) {
            op = state.local(key, "SET_STATUS", wallNow(), null, null, json.readTree(body).path("status").asText());
        } else if (method.equals("DELETE")) {
            op = state.local(key, "DEREGISTER", wallNow(), null, null, null);
        } else {
            reply(ex, 405, "{\"error\":\"method\"}");
            return;
        }
        state.accept(op);
        persist(op);
        if (acks2 && peers.stream().noneMatch(peer -> push(peer, List.of(op)) != null)) {
            reply(ex, 503, "{\"error\":\"no_peer\",\"message\":\"no peer confirmed\"}");
            return;
        }
        reply(ex, 200, "{}");
    }

    private long wallNow() {
        return System.currentTimeMillis() + clockOffset;
    }

    private synchronized void persist(StandInState.Op op) throws IOException {
        Files.writeString(logFile, json.writeValueAsString(op) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Gossip thread only: pushes each peer what it has not acknowledged yet, every round even when
     * empty, to learn the peer's incarnation; a restarted peer (new incarnation, maybe wiped) gets
     * everything again from the start.
     */
    private void gossipRound() {
        for (String peer : peers) {
            int from = cursors.getOrDefault(peer, 0);
            List<StandInState.Op> batch = state.since(from, 500);
            String answer = push(peer, batch);
            if (answer == null) {
                continue;
            }
            if (!answer.equals(peerIncarnations.put(peer, answer)) && from > 0) {
                cursors.put(peer, 0);
            } else {
                cursors.put(peer, from + batch.size());
            }
        }
    }

    /** The peer's incarnation when it took the batch, else null. */
    private String push(String peer, List<StandInState.Op> ops) {
        try {
            ArrayNode body = json.valueToTree(ops);
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + peer + ":" + flags.get("http-port") + "/standin/ops"))
                    .timeout(Duration.ofMillis(500)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
