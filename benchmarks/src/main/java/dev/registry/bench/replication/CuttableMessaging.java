package dev.registry.bench.replication;

import dev.registry.membership.PeerMessaging;
import dev.registry.node.wire.Message;
import dev.registry.node.wire.WireCodec;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * A node's real Atomix messaging with a switchable partition on top: while this member and a peer are on
 * different sides of the cut, sends to that peer vanish and requests time out, as on a silently dropping
 * network. Only the registry's traffic goes through here; Raft and SWIM keep their own paths, so the
 * membership view stays put and the benchmark measures replication alone.
 *
 * <p>When counting is on, it decodes outgoing registry messages to count anti-entropy rounds (one
 * SyncRequest each, whether the node sends it one-way or as a request).
 * Threads: any; the cut is a volatile set, counters are adders.
 */
final class CuttableMessaging implements PeerMessaging {

    private final String localId;
    private final PeerMessaging transport;
    private final WireCodec codec = new WireCodec();
    private final LongAdder syncRequests = new LongAdder();
    private volatile Set<String> isolated = Set.of();
    private volatile boolean counting;

    CuttableMessaging(String localId, PeerMessaging transport) {
        this.localId = localId;
        this.transport = transport;
    }

    /** Members in {@code group} reach only each other; everyone else reaches only everyone else. */
    void isolate(Set<String> group) {
        isolated = Set.copyOf(group);
    }

    void heal() {
        isolated = Set.of();
    }

    void countSyncRounds(boolean on) {
        counting = on;
    }

    /** SyncRequests this member sent while counting: its anti-entropy rounds. */
    long syncRequests() {
        return syncRequests.sum();
    }

    private boolean cut(String peer) {
        Set<String> group = isolated;
        return !group.isEmpty() && group.contains(localId) != group.contains(peer);
    }

    @Override
    public void send(String memberId, String subject, byte[] payload) {
        if (cut(memberId)) {
            return;
        }
        countIfSyncRequest(payload);
        transport.send(memberId, subject, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
        if (cut(memberId)) {
            return new CompletableFuture<byte[]>().completeOnTimeout(null, timeout.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS).thenCompose(ignored ->
                    CompletableFuture.failedFuture(new TimeoutException("partitioned from " + memberId)));
        }
        countIfSyncRequest(payload);
        return transport.request(memberId, subject, payload, timeout);
    }

    private void countIfSyncRequest(byte[] payload) {
        if (!counting) {
            return;
        }
        try {
            if (codec.decodeMessage(payload) instanceof Message.SyncRequest) {
                syncRequests.increment();
            }
        } catch (RuntimeException notAGossipMessage) {
            // confirm pushes and the like: not a round
        }
    }

    @Override
    public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                       Executor executor) {
        transport.handle(subject, (from, bytes) -> cut(from)
                ? CompletableFuture.completedFuture(null) : handler.apply(from, bytes), executor);
    }

    @Override
    public void unhandle(String subject) {
        transport.unhandle(subject);
    }
}
