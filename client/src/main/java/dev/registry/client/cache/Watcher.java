package dev.registry.client.cache;

import dev.registry.api.WatchEvent;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.event.EventDispatch;
import dev.registry.client.metrics.ClientMetrics;
import dev.registry.client.peer.RegistryTransport;
import dev.registry.client.peer.RegistryUnavailableException;
import dev.registry.client.wire.SseParser;
import dev.registry.client.wire.WireCodec;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Keeps one server-sent-event watch open on the current peer for all cached services, and feeds
 * its events into the {@link ServiceCache}. After every (re)connection it re-reads the cached
 * services in full, because the watch has no resume token and events may have been missed.
 *
 * The stream is read asynchronously by the HTTP client (no thread blocks on it), so a reconnect
 * simply cancels the old subscription. Connecting runs on the scheduler thread, one at a time.
 * When no peer accepts the watch the cache is marked stale and reconnection is retried after
 * {@code reconnectBackoff}, doubling with each failed attempt up to 32 times that (a client fleet
 * must not hammer a cluster that is down; the member refresh reconnects at once when a peer answers).
 */
public final class Watcher {

    private final RegistryTransport transport;
    private final ServiceCache cache;
    private final WireCodec codec;
    private final ScheduledExecutorService scheduler;
    private final Duration requestTimeout;
    private final Duration reconnectBackoff;
    private final EventDispatch events;
    private final ClientMetrics metrics;
    private final LongSupplier nanos;

    /** Serialises connection attempts (the scheduler has several threads). */
    private final Object connectLock = new Object();
    // Guarded by this.
    private long generation;
    private Flow.Subscription subscription;
    private String connectedPeer;
    private boolean connectScheduled;
    private boolean closed;
    /** When the current stream last delivered a line (pings included), monotonic nanos. */
    private volatile long lastActivity;
    /** Consecutive connection attempts that found no peer; only touched under connectLock. */
    private int failedAttempts;

    public Watcher(RegistryTransport transport, ServiceCache cache, WireCodec codec, ScheduledExecutorService scheduler,
                   Duration requestTimeout, Duration reconnectBackoff, EventDispatch events, ClientMetrics metrics,
                   LongSupplier nanos) {
        this.transport = transport;
        this.cache = cache;
        this.codec = codec;
        this.scheduler = scheduler;
        this.requestTimeout = requestTimeout;
        this.reconnectBackoff = reconnectBackoff;
        this.events = events;
        this.metrics = metrics;
        this.nanos = nanos;
    }

    /** The peer the watch is connected to, or null. */
    public synchronized String connectedPeer() {
        return connectedPeer;
    }

    /** Drops the current stream (if any) and connects anew to the current peer, soon. */
    public void reconnect() {
        schedule(0);
    }

    /**
     * Reconnects a watch that has delivered nothing, not even a ping, for {@code idleNanos}: its
     * connection may have been dropped without a FIN (a middlebox, a vanished host). Called
     * periodically by the client's scheduler.
     */
    public void checkIdle(long nowNanos, long idleNanos) {
        synchronized (this) {
            if (connectedPeer == null || nowNanos - lastActivity < idleNanos) {
                return;
            }
        }
        reconnect();
    }

    /** Reconnects only if the watch is not already on {@code peer}. */
    public void follow(String peer) {
        synchronized (this) {
            if (peer.equals(connectedPeer)) {
                return;
            }
        }
        schedule(0);
    }

    public void close() {
        Flow.Subscription old;
        synchronized (this) {
            closed = true;
            generation++;
            old = subscription;
            subscription = null;
            connectedPeer = null;
        }
        if (old != null) {
            old.cancel();
        }
    }

    private void schedule(long delayMillis) {
        synchronized (this) {
            if (closed || connectScheduled) {
                return;
            }
            connectScheduled = true;
        }
        try {
            scheduler.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The client is closing; nothing left to watch for.
        }
    }

    private void connect() {
        synchronized (connectLock) {
            connectLocked();
        }
    }

    /** What opening the watch gave: the peer it is open on, or none (superseded: a newer attempt took over). */
    private record Opened(String peer, boolean superseded) {
    }

    private void connectLocked() {
        long gen;
        Flow.Subscription old;
        synchronized (this) {
            connectScheduled = false;
            if (closed) {
                return;
            }
            gen = ++generation;
            old = subscription;
            subscription = null;
            connectedPeer = null;
        }
        if (old != null) {
            old.cancel();
        }
        List<String> services = List.copyOf(cache.services());
        if (services.isEmpty()) {
            return;
        }
        try {
            Opened opened = open(gen, services);
            if (opened.superseded()) {
                return;
            }
            if (opened.peer() == null) {
                becomeStale("no peer accepted the watch");
                retryLater();
                return;
            }
            cache.resyncAll();
            failedAttempts = 0;
            if (cache.markFresh()) {
                events.emit(new ClientEvent.ServingFresh(opened.peer()));
            }
        } catch (RegistryUnavailableException e) {
            becomeStale(e.getMessage());
            retryLater();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug or an unexpected answer: report it, and keep the watch alive by trying again later.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
            retryLater();
        }
    }

    private void retryLater() {
        long delay = reconnectBackoff.toMillis() << Math.min(failedAttempts, 5);
        failedAttempts++;
        schedule(delay);
    }

    private void becomeStale(String reason) {
        if (cache.markStale()) {
            events.emit(new ClientEvent.ServingStale(reason));
        }
    }

    /** Tries the peers in order until one accepts the watch. */
    private Opened open(long gen, List<String> services) throws InterruptedException {
        StringBuilder query = new StringBuilder("/v1/watch");
        for (int i = 0; i < services.size(); i++) {
            query.append(i == 0 ? '?' : '&').append("service=")
                    .append(URLEncoder.encode(services.get(i), StandardCharsets.UTF_8));
        }
        for (String peer : transport.peers().attemptOrder(nanos.getAsLong())) {
            synchronized (this) {
                if (gen != generation) {
                    return new Opened(null, true);
                }
            }
            metrics.peerRequests.increment();
            CompletableFuture<Integer> headers = new CompletableFuture<>();
            Stream stream = new Stream(gen, peer);
            HttpRequest request = HttpRequest.newBuilder(RegistryTransport.uri(peer, query.toString()))
                    .timeout(requestTimeout).header("Accept", "text/event-stream").GET().build();
            CompletableFuture<HttpResponse<Void>> response = transport.http().sendAsync(request, info -> {
                headers.complete(info.statusCode());
                return info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromLineSubscriber(stream)
                        : HttpResponse.BodySubscribers.discarding();
            });
            response.whenComplete((r, error) -> {
                if (error != null) {
                    headers.completeExceptionally(error);
                }
            });
            try {
                int status = headers.get(requestTimeout.toMillis() + 100, TimeUnit.MILLISECONDS);
                if (status == 200) {
                    synchronized (this) {
                        if (gen != generation) {
                            response.cancel(true);
                            return new Opened(null, true);
                        }
                        connectedPeer = peer;
                        lastActivity = nanos.getAsLong();
                    }
                    metrics.watchConnects.increment();
                    transport.peers().onSuccess(peer, nanos.getAsLong());
                    return new Opened(peer, false);
                }
                transport.fail(peer, "watch refused with HTTP " + status);
            } catch (ExecutionException | TimeoutException e) {
                response.cancel(true);
                transport.fail(peer, "watch: " + (e instanceof TimeoutException ? "timed out" : e.getCause()));
            }
        }
        return new Opened(null, false);
    }

    /** Called when the stream of generation {@code gen} ends; a current stream's end means reconnect. */
    private void ended(long gen, String peer, Throwable error) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            connectedPeer = null;
            subscription = null;
        }
        if (error != null) {
            transport.fail(peer, "watch stream broke: " + error);
        }
        schedule(0);
    }

    private void event(String name, String data) {
        try {
            WatchEvent event = codec.watchEvent(data);
            cache.apply(event);
        } catch (IOException | RuntimeException e) {
            // A malformed event cannot be applied; the re-read after reconnecting repairs what it would have changed.
            reconnect();
        }
    }

    /** One SSE stream; lines arrive on the HTTP client's threads, one at a time. */
    private final class Stream implements Flow.Subscriber<String> {
        private final long gen;
        private final String peer;
        private final SseParser parser = new SseParser(Watcher.this::event);

        Stream(long gen, String peer) {
            this.gen = gen;
            this.peer = peer;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean current;
            synchronized (Watcher.this) {
                current = gen == generation && !closed;
                if (current) {
                    subscription = s;
                }
            }
            if (current) {
                s.request(Long.MAX_VALUE);
            } else {
                s.cancel();
            }
        }

        @Override
        public void onNext(String line) {
            lastActivity = nanos.getAsLong();
            parser.line(line);
        }

        @Override
        public void onError(Throwable error) {
            ended(gen, peer, error);
        }

        @Override
        public void onComplete() {
            ended(gen, peer, null);
        }
    }
}
