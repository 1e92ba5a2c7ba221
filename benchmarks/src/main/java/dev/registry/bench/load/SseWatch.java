package dev.registry.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A server-sent-event watch on one node ({@code GET /v1/watch?service=...}) on the generator's event loop, on
 * its own connection. Each event's {@code instance.metadata.seq} and its arrival time (nanoTime, taken when the
 * chunk arrived, before parsing) go to the listener; events without a seq (another writer's) are skipped.
 */
final class SseWatch implements AutoCloseable {
    private final HttpLoad load;
    private final HttpClient client;
    private final StringBuilder pending = new StringBuilder();
    private final BiConsumer<Long, Long> listener;
    private long events;

    /** {@code listener} gets (seq, arrivalNanos) on the event loop. */
    SseWatch(HttpLoad load, BiConsumer<Long, Long> listener) {
        this.load = load;
        this.listener = listener;
        this.client = load.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(1));
    }

    /** Opens the stream; returns once the node sent its opening comment (the watch is registered). */
    void open(int port, String service) {
        CompletableFuture<Void> established = new CompletableFuture<>();
        load.context().runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1").setPort(port).setURI("/v1/watch?service=" + service))
                .compose(request -> request.send())
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        established.completeExceptionally(new IllegalStateException("watch: " + response.statusCode()));
                        return;
                    }
                    response.handler(chunk -> {
                        established.complete(null);
                        feed(chunk, System.nanoTime());
                    });
                    response.exceptionHandler(established::completeExceptionally);
                })
                .onFailure(established::completeExceptionally));
        established.orTimeout(10, TimeUnit.SECONDS).join();
    }

    long events() {
        return events;
    }

    private void feed(Buffer chunk, long arrivalNanos) {
        pending.append(chunk.toString(StandardCharsets.UTF_8));
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            handleBlock(block, arrivalNanos);
        }
    }

    private void handleBlock(String block, long arrivalNanos) {
        StringBuilder data = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        if (data.length() == 0) {
            return;
        }
        events++;
        try {
            JsonNode seq = Workloads.parse(data.toString()).path("instance").path("metadata").path("seq");
            if (seq.isTextual()) {
                listener.accept(Long.parseLong(seq.textValue()), arrivalNanos);
            }
        } catch (IOException | NumberFormatException e) {
            // Not one of ours (or not JSON): the benchmark counts only events it can match.
            return;
        }
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
