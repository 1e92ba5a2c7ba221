package dev.registry.client.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.registry.api.ApiHeaders;
import dev.registry.api.ErrorBody;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.MemberList;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.WatchEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One fake registry peer: the HTTP contract of HTTP-API.md on the JDK's HttpServer, over the
 * cluster's shared {@link FakeRegistry}. {@link #kill()} closes the socket and every connection
 * (as kill -9 does); {@link #pause()} keeps accepting but answers nothing (as SIGSTOP does).
 */
final class FakePeer {

    /** Like the node's watch ping, faster: the test profile reconnects a watch silent for 2 s. */
    private static final long PING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final String id;
    private final FakeRegistry registry;
    private final Supplier<MemberList> members;
    private final HttpServer server;
    private final String address;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-peer");
        t.setDaemon(true);
        return t;
    });
    private final Set<HttpExchange> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object pauseLock = new Object();
    private boolean paused;
    /** While set, open watch streams stay open but send nothing (a connection dropped silently). */
    private volatile boolean watchesMuted;
    /** While set, the peer acts as a restarted node still catching up: empty lists marked X-Registry-Stale. */
    private volatile boolean catchingUp;
    private volatile boolean killed;
    /** How far this peer's clock runs ahead: writes whose X-Registry-Deadline it then sees as passed get 408. */
    private volatile long clockAheadMillis;
    private final java.util.concurrent.atomic.AtomicInteger lateRefusals = new java.util.concurrent.atomic.AtomicInteger();

    FakePeer(String id, FakeRegistry registry, Supplier<MemberList> members) throws IOException {
        this.id = id;
        this.registry = registry;
        this.members = members;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.address = "127.0.0.1:" + server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    String id() {
        return id;
    }

    String httpAddress() {
        return address;
    }

    boolean killed() {
        return killed;
    }

    void kill() {
        killed = true;
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
        for (HttpExchange stream : streams) {
            stream.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    void clockAhead(long millis) {
        clockAheadMillis = millis;
    }

    int lateRefusals() {
        return lateRefusals.get();
    }

    /** Rule R1 as the node applies it (tolerance 250 ms): true when the write was answered 408. */
    private boolean refusedAsLate(HttpExchange exchange, String method, String action) throws IOException {
        String deadline = exchange.getRequestHeaders().getFirst(ApiHeaders.DEADLINE);
        if (deadline == null || method.equals("GET") || action.equals("heartbeat")) {
            return false;
        }
        if (System.currentTimeMillis() + clockAheadMillis - Long.parseLong(deadline) <= 250) {
            return false;
        }
        lateRefusals.incrementAndGet();
        json(exchange, 408, new ErrorBody("deadline_exceeded", "the write reached " + id + " after its deadline"), -1);
        return true;
    }

    void catchingUp(boolean value) {
        catchingUp = value;
    }

    void muteWatches(boolean value) {
        watchesMuted = value;
    }

    void pause() {
        synchronized (pauseLock) {
            paused = true;
        }
    }

    void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** Blocks while paused; returns false if the peer was killed meanwhile. */
    private boolean awaitRunning() {
        synchronized (pauseLock) {
            while (paused && !killed) {
                try {
                    pauseLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return !killed;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!awaitRunning()) {
                return;
            }
            String method = exchange.getRequestMethod();
            String[] path = exchange.getRequestURI().getPath().split("/");
            if (path.length == 2 && path[1].equals("health")) {
                send(exchange, 200, "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8), -1);
            } else if (path.length == 4 && path[2].equals("cluster") && path[3].equals("members")) {
                json(exchange, 200, members.get(), -1);
            } else if (path.length == 3 && path[2].equals("watch")) {
                watch(exchange);
            } else if (path.length >= 5 && path[2].equals("services") && path[4].equals("instances")) {
                instances(exchange, method, path);
            } else {
                json(exchange, 404, new ErrorBody("not_found", "no route " + method + " " + exchange.getRequestURI()), -1);
            }
        } catch (IOException e) {
            // The client went away (or we were killed): nothing to answer.
        }
    }

    private void instances(HttpExchange exchange, String method, String[] path) throws IOException {
        String service = path[3];
        if (path.length == 5 && method.equals("GET")) {
            FakeRegistry.Listing listing = registry.list(service);
            if (catchingUp) {
                exchange.getResponseHeaders().set(ApiHeaders.STALE, "true");
                json(exchange, 200, java.util.List.of(), 0);
                return;
            }
            json(exchange, 200, listing.instances(), listing.index());
            return;
        }
        if (path.length < 6) {
            json(exchange, 405, new ErrorBody("method_not_allowed", method), -1);
            return;
        }
        String instance = path[5];
        String action = path.length > 6 ? path[6] : "";
        if (refusedAsLate(exchange, method, action)) {
            return;
        }
        InstanceView result;
        if (method.equals("PUT") && action.isEmpty()) {
            RegistrationRequest request = FakeJson.MAPPER.readValue(exchange.getRequestBody(),
                    RegistrationRequest.class);
            result = registry.register(service, instance, request, id);
        } else if (method.equals("PUT") && action.equals("heartbeat")) {
            result = registry.get(service, instance);
        } else if (method.equals("PUT") && action.equals("status")) {
            JsonNode body = FakeJson.MAPPER.readTree(exchange.getRequestBody());
            InstanceStatus status = InstanceStatus.parse(body.path("status").asText(null)).orElse(null);
            if (status == null) {
                json(exchange, 400, new ErrorBody("bad_request", "status: must be UP, STARTING, OUT_OF_SERVICE or DOWN"),
                        -1);
                return;
            }
            result = registry.setStatus(service, instance, status);
        } else if (method.equals("DELETE") && action.isEmpty()) {
            result = registry.deregister(service, instance);
        } else {
            json(exchange, 405, new ErrorBody("method_not_allowed", method), -1);
            return;
        }
        if (result == null) {
            json(exchange, 404, new ErrorBody("not_found", service + "/" + instance + " is not registered"), -1);
        } else {
            json(exchange, 200, result, registry.list(service).index());
        }
    }

    /** Server-sent events until the client leaves or the peer dies; paused peers hold events back. */
    private void watch(HttpExchange exchange) throws IOException {
        Set<String> services = new HashSet<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("service=")) {
                services.add(URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8));
            }
        }
        BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
        FakeRegistry.Watch watch = new FakeRegistry.Watch(Set.copyOf(services), queue::add);
        registry.watch(watch);
        streams.add(exchange);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long lastWrite = System.nanoTime();
            while (!killed) {
                WatchEvent event = queue.poll(50, TimeUnit.MILLISECONDS);
                if (!awaitRunning() || watchesMuted) {
                    continue;
                }
                String frame;
                if (event != null) {
                    frame = "event: " + event.type().eventName() + "\nid: " + event.index() + "\ndata: "
                            + FakeJson.MAPPER.writeValueAsString(event) + "\n\n";
                } else if (System.nanoTime() - lastWrite > PING_NANOS) {
                    frame = ": ping\n\n";
                } else {
                    continue;
                }
                lastWrite = System.nanoTime();
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registry.unwatch(watch);
            streams.remove(exchange);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body, long index) throws IOException {
        send(exchange, status, FakeJson.MAPPER.writeValueAsBytes(body), index);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, long index) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (index >= 0) {
            exchange.getResponseHeaders().set(ApiHeaders.INDEX, Long.toString(index));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
