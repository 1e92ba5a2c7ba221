package dev.registry.membership;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Point-to-point messages between members, addressed by member id. The transport under the registry's
 * gossip; payloads are opaque bytes (the caller encodes them).
 *
 * <p>Delivery is at most once, unordered across calls; a message to an unknown or unreachable member is
 * dropped ({@link #send}) or fails the future ({@link #request}).
 */
public interface PeerMessaging {

    /** Fire-and-forget; never blocks the caller, never throws for delivery problems. */
    void send(String memberId, String subject, byte[] payload);

    /** Request-reply; fails with a {@code java.util.concurrent.TimeoutException} after {@code timeout}. */
    CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout);

    /**
     * Registers the handler of a subject (replacing any previous one). The handler runs on
     * {@code executor} with the sender's member id; it returns the reply, or a future completed with
     * {@code null} for one-way messages (no reply is sent for {@link #send}).
     */
    void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler, Executor executor);

    void unhandle(String subject);
}
