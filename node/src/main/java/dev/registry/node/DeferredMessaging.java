package dev.registry.node;

import dev.registry.membership.PeerMessaging;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Peer messaging that exists before its transport does: the registry starts (and registers its
 * handlers) before membership can be created, because membership must publish the HTTP address, which
 * is known only once HTTP is bound. Messages sent before then are dropped, as to an unreachable peer;
 * handlers are installed on the transport as soon as it appears.
 */
final class DeferredMessaging implements PeerMessaging {

    private record Handler(BiFunction<String, byte[], CompletableFuture<byte[]>> handler, Executor executor) {
    }

    private final Supplier<PeerMessaging> transport;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private volatile PeerMessaging installed;

    DeferredMessaging(Supplier<PeerMessaging> transport) {
        this.transport = transport;
    }

    /** Installs the handlers on the transport once it exists; called again on every use until then. */
    PeerMessaging current() {
        PeerMessaging existing = installed;
        if (existing != null) {
            return existing;
        }
        PeerMessaging now = transport.get();
        if (now != null) {
            synchronized (this) {
                if (installed == null) {
                    handlers.forEach((subject, h) -> now.handle(subject, h.handler(), h.executor()));
                    installed = now;
                }
            }
        }
        return now;
    }

    @Override
    public void send(String memberId, String subject, byte[] payload) {
        PeerMessaging now = current();
        if (now != null) {
            now.send(memberId, subject, payload);
        }
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
        PeerMessaging now = current();
        if (now == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("peer transport not started yet"));
        }
        return now.request(memberId, subject, payload, timeout);
    }

    @Override
    public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                       Executor executor) {
        handlers.put(subject, new Handler(handler, executor));
        PeerMessaging now = current();
        if (now != null) {
            now.handle(subject, handler, executor);
        }
    }

    @Override
    public void unhandle(String subject) {
        handlers.remove(subject);
        PeerMessaging now = installed;
        if (now != null) {
            now.unhandle(subject);
        }
    }
}
