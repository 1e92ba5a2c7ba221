package dev.registry.node.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a server-sent-event stream over a real connection (Vert.x client) and parses its events. */
final class SseTestClient implements AutoCloseable {
    record Event(String name, String id, String data) {
    }

    private final HttpClient client;
    private final StringBuilder text = new StringBuilder();
    private final HttpClientResponse response;
    private final HttpConnection connection;
    private volatile boolean closed;

    SseTestClient(Vertx vertx, URI base, String pathAndQuery) throws Exception {
        this(vertx, base, pathAndQuery, true);
    }

    /** {@code read=false}: never reads, to play a slow consumer whose socket buffers fill. */
    SseTestClient(Vertx vertx, URI base, String pathAndQuery, boolean read) throws Exception {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        response = client.request(HttpMethod.GET, base.getPort(), base.getHost(), pathAndQuery)
                .compose(req -> req.send())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        connection = response.request().connection();
        connection.closeHandler(v -> closed = true);
        if (read) {
            response.handler(buf -> {
                synchronized (text) {
                    text.append(buf.toString());
                }
            });
        } else {
            response.pause();
        }
    }

    /** A stalled client reads again (it then sees what the server did to the connection). */
    void resume() {
        response.handler(buf -> {
        });
        response.resume();
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.getHeader(name);
    }

    String raw() {
        synchronized (text) {
            return text.toString();
        }
    }

    /** Complete events received so far (blocks separated by a blank line; comments skipped). */
    List<Event> events() {
        List<Event> out = new ArrayList<>();
        String all = raw();
        int end;
        int start = 0;
        while ((end = all.indexOf("\n\n", start)) >= 0) {
            String block = all.substring(start, end);
            start = end + 2;
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (name != null) {
                out.add(new Event(name, id, data.toString()));
            }
        }
        return out;
    }

    boolean connectionClosed() {
        return closed;
    }

    @Override
    public void close() throws Exception {
        connection.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
