package dev.registry.client.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service instance for call tests: answers every request with its name, or with 503 while
 * {@link #failing(boolean)} is set. Counts the requests it received.
 */
public final class EchoBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final int port;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "echo-backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean failing;

    public EchoBackend(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int requests() {
        return requests.get();
    }

    public void failing(boolean value) {
        failing = value;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
