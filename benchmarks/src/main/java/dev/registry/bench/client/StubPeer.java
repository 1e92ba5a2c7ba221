package dev.registry.bench.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The least registry peer a client benchmark needs, on loopback: one service with {@code size}
 * instances, a member list naming itself, and a watch that stays open and silent, so the client's
 * cache is loaded once and then never touched by the network during measurement.
 */
final class StubPeer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-peer");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final byte[] instances;

    StubPeer(String service, int size) throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",").append("{\"service\":\"").append(service).append("\",\"id\":\"i")
                    .append(i).append("\",\"host\":\"127.0.0.1\",\"port\":").append(10_000 + i)
                    .append(",\"weight\":").append(100 * (1 + i % 3))
                    .append(",\"zone\":\"z").append(i % 2).append("\",\"tags\":[],\"metadata\":{}")
                    .append(",\"status\":\"UP\",\"health\":\"PASSING\",\"ttlSeconds\":30,\"owner\":\"n1\"}");
        }
        instances = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/watch")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = path.endsWith("/instances") ? instances
                : ("{\"epoch\":1,\"leader\":\"n1\",\"members\":[{\"id\":\"n1\",\"httpAddress\":\"" + address()
                        + "\",\"role\":\"VOTER\",\"state\":\"active\"}]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Registry-Index", "1");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
