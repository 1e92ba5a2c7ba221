package dev.registry.node.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP API of one node. Immutable and validated; pick a profile and adjust with the
 * {@code with...} copies.
 *
 * @param host                 address to bind; loopback by default so nothing is exposed by accident
 * @param port                 TCP port; 0 binds an ephemeral port (start() answers the bound one)
 * @param cacheEntries         bound of the LRU cache of rendered discovery answers (entries, not bytes)
 * @param maxWait              cap of a blocking query's {@code ?wait=}; longer asks are clamped to it
 * @param defaultWait          wait of a blocking query that gives {@code ?index=} without {@code ?wait=}
 * @param watchPing            interval of the SSE comment that keeps proxies from closing an idle watch
 * @param watchWriteQueueBytes bytes a watch connection may have unsent before it is judged a slow consumer and closed
 * @param watchMaxPendingEvents events queued for one watch between the registry's notifier and the event loop;
 *                             past it the consumer is too slow and the connection is closed
 * @param maxHeaderBytes       total request header size; more is refused by the HTTP codec (431)
 * @param maxInitialLineBytes  request line length; more is refused by the HTTP codec (414)
 * @param idleTimeout          a connection with no traffic for this long is closed (watch pings keep watches alive)
 * @param eventLoops           server instances, each on its own event loop, sharing the port
 */
public record HttpConfig(
        String host,
        int port,
        int cacheEntries,
        Duration maxWait,
        Duration defaultWait,
        Duration watchPing,
        int watchWriteQueueBytes,
        int watchMaxPendingEvents,
        int maxHeaderBytes,
        int maxInitialLineBytes,
        Duration idleTimeout,
        int eventLoops) {

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("cacheEntries must be positive, got " + cacheEntries);
        }
        positive("maxWait", maxWait);
        positive("defaultWait", defaultWait);
        positive("watchPing", watchPing);
        positive("idleTimeout", idleTimeout);
        if (defaultWait.compareTo(maxWait) > 0) {
            throw new IllegalArgumentException("defaultWait must not exceed maxWait");
        }
        if (idleTimeout.compareTo(watchPing) <= 0) {
            throw new IllegalArgumentException("idleTimeout must exceed watchPing, or idle watches are cut");
        }
        if (watchWriteQueueBytes < 1024 || watchMaxPendingEvents < 1) {
            throw new IllegalArgumentException("watch queues too small");
        }
        if (eventLoops < 1 || eventLoops > 64) {
            throw new IllegalArgumentException("eventLoops must be 1..64, got " + eventLoops);
        }
        if (maxHeaderBytes < 1024 || maxInitialLineBytes < 256) {
            throw new IllegalArgumentException("header limits too small");
        }
    }

    /**
     * Production defaults. 10,000 cached answers cover every hot (service, filter) pair of a large
     * registry at a few MB; 5 minutes is the longest wait (as Consul's) so that intermediaries with a
     * typical 10-minute idle timeout never cut a blocking query; a 15 s ping keeps watches alive through
     * load balancers with 30-60 s idle timeouts; 1 MiB of unsent SSE data is several thousand events; one
     * event loop per core serves cached reads from every core (Vert.x's own default is two per core).
     */
    public static HttpConfig lan() {
        return new HttpConfig("0.0.0.0", 8500, 10_000, Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofSeconds(15), 1 << 20, 10_000, 16 * 1024, 8 * 1024, Duration.ofMinutes(6),
                Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors())));
    }

    /** A node for development on one machine: loopback only. */
    public static HttpConfig local() {
        return lan().withHost("127.0.0.1");
    }

    /** Tests: loopback, ephemeral port, a small cache so bounds are reachable; two event loops share the port. */
    public static HttpConfig test() {
        return new HttpConfig("127.0.0.1", 0, 1_000, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(15), 64 * 1024, 1_000, 16 * 1024, 8 * 1024, Duration.ofMinutes(1), 2);
    }

    public HttpConfig withHost(String newHost) {
        return new HttpConfig(newHost, port, cacheEntries, maxWait, defaultWait, watchPing, watchWriteQueueBytes,
                watchMaxPendingEvents, maxHeaderBytes, maxInitialLineBytes, idleTimeout, eventLoops);
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, cacheEntries, maxWait, defaultWait, watchPing, watchWriteQueueBytes,
                watchMaxPendingEvents, maxHeaderBytes, maxInitialLineBytes, idleTimeout, eventLoops);
    }

    public HttpConfig withCacheEntries(int entries) {
        return new HttpConfig(host, port, entries, maxWait, defaultWait, watchPing, watchWriteQueueBytes,
                watchMaxPendingEvents, maxHeaderBytes, maxInitialLineBytes, idleTimeout, eventLoops);
    }

    public HttpConfig withWatch(Duration ping, int writeQueueBytes, int maxPendingEvents) {
        return new HttpConfig(host, port, cacheEntries, maxWait, defaultWait, ping, writeQueueBytes,
                maxPendingEvents, maxHeaderBytes, maxInitialLineBytes, idleTimeout, eventLoops);
    }

    public HttpConfig withEventLoops(int loops) {
        return new HttpConfig(host, port, cacheEntries, maxWait, defaultWait, watchPing, watchWriteQueueBytes,
                watchMaxPendingEvents, maxHeaderBytes, maxInitialLineBytes, idleTimeout, loops);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
