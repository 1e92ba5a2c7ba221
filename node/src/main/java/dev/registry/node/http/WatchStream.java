package dev.registry.node.http;

import dev.registry.api.WatchEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server-sent-event watch connection. Events arrive on the registry's notifier thread ({@link #offer})
 * and are written on the connection's event loop ({@link #drain}). Memory is bounded twice: at most
 * {@code maxPending} events wait between the two threads, and at most the response's write-queue size
 * waits in the socket; past either bound the consumer is too slow and the connection is closed (it can
 * reconnect and re-read the state). Closing is idempotent and always closes the registry subscription.
 */
final class WatchStream {
    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final JsonCodec json;
    private final int maxPending;
    private final Queue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile AutoCloseable subscription;
    private long pingTimer = -1;

    WatchStream(Vertx vertx, Context context, HttpServerResponse response, JsonCodec json, int maxPending,
                Runnable onClose) {
        this.vertx = vertx;
        this.context = context;
        this.response = response;
        this.json = json;
        this.maxPending = maxPending;
        this.onClose = onClose;
    }

    /** Event loop: starts pinging; call once the subscription exists. */
    void start(AutoCloseable registrySubscription, long pingMillis) {
        this.subscription = registrySubscription;
        if (closed.get()) {
            closeSubscription();
            return;
        }
        pingTimer = vertx.setPeriodic(pingMillis, id -> write(Buffer.buffer(": ping\n\n")));
    }

    /** Registry notifier thread: never blocks, never writes. */
    void offer(WatchEvent event) {
        if (closed.get()) {
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            context.runOnContext(v -> close(true));
            return;
        }
        queue.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /** Event loop. */
    private void drain() {
        drainScheduled.set(false);
        WatchEvent event;
        while ((event = queue.poll()) != null) {
            pending.decrementAndGet();
            if (closed.get()) {
                return;
            }
            write(render(event));
        }
    }

    private Buffer render(WatchEvent event) {
        String head = "event: " + event.type().eventName() + "\nid: " + event.index() + "\ndata: ";
        Buffer buffer = Buffer.buffer(head.getBytes(StandardCharsets.US_ASCII));
        buffer.appendBytes(json.write(event));
        buffer.appendString("\n\n");
        return buffer;
    }

    private void write(Buffer data) {
        if (closed.get()) {
            return;
        }
        if (response.closed() || response.ended()) {
            close(false);
            return;
        }
        if (response.writeQueueFull()) {
            close(true);
            return;
        }
        response.write(data);
    }

    /** Any thread: closes on the connection's event loop. */
    void closeLater() {
        context.runOnContext(v -> close(true));
    }

    /** Event loop. {@code dropConnection}: the consumer is too slow, so cut its TCP connection too. */
    void close(boolean dropConnection) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        closeSubscription();
        queue.clear();
        if (dropConnection && !response.closed()) {
            response.reset();
        }
        onClose.run();
    }

    private void closeSubscription() {
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                // The registry's handle failing to close must not keep the connection's resources alive.
                subscription = null;
            }
        }
    }
}
