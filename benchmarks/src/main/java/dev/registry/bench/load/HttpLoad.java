package dev.registry.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * The generator's HTTP side: one Vert.x instance with a single event loop (the nodes need the other cycles of
 * this 2-core machine) and a pooled keep-alive HTTP/1.1 client with at most {@code connections} connections per
 * node. Every request must be issued on {@link #context()}, so its completion runs there too and the loops
 * need no locks.
 */
final class HttpLoad implements AutoCloseable {
    /** A reply: the status, and the body only when asked for (otherwise it is counted and dropped). */
    record Reply(int status, Buffer body) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Context context;

    HttpLoad(int connections) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(5_000).setIdleTimeout(0).setDefaultHost("127.0.0.1"),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        context = vertx.getOrCreateContext();
    }

    Vertx vertx() {
        return vertx;
    }

    Context context() {
        return context;
    }

    HttpClient client() {
        return client;
    }

    /** On the context: sends one request; {@code keepBody} false drops the body as it streams in. */
    Future<Reply> send(HttpMethod method, int port, String uri, Buffer body, boolean keepBody) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
        if (body != null) {
            options.putHeader("content-type", "application/json");
        }
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> keepBody ? response.body().map(b -> new Reply(response.statusCode(), b))
                        : drain(response));
    }

    private static Future<Reply> drain(HttpClientResponse response) {
        return response.end().map(v -> new Reply(response.statusCode(), null));
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
    }
}
