package dev.registry.node.gossip;

import dev.registry.membership.PeerMessaging;
import dev.registry.node.runtime.EventLoop;
import dev.registry.node.runtime.TimeSource;
import dev.registry.node.wire.Message;
import dev.registry.node.wire.WireCodec;
import dev.registry.oplog.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of {@link GossipCore}: encodes its outbound messages and sends them over
 * {@link PeerMessaging}; decodes inbound ones where they arrive and hands them to the registry thread.
 * Also answers acks=2 pushes once they are durable here, and asks peers to confirm local writes.
 */
public final class GossipService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GossipService.class);
    static final String GOSSIP = "registry-gossip";
    static final String CONFIRM = "registry-confirm";
    /**
     * Anti-entropy and snapshot requests travel as request-reply on a fresh connection (Atomix opens one
     * per request without keep-alive), never on the pooled connection pushes use: after a silent partition
     * heals, a pooled connection can sit in the kernel's retransmission back-off for seconds, and the
     * first anti-entropy round after the heal must not wait behind it.
     */
    static final String EXCHANGE = "registry-exchange";

    private final PeerMessaging messaging;
    private final WireCodec codec;
    private final EventLoop loop;
    private final TimeSource time;
    private final GossipConfig config;
    private final Supplier<GossipCore> core;
    private final Function<List<Operation>, CompletableFuture<Long>> durableAfter;
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder syncBytesSent = new LongAdder();
    private final LongAdder opsBytesSent = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder undecodable = new LongAdder();

    /**
     * @param durableAfter completes once the given operations (just applied here) are durable; an acks=2
     *                     push is confirmed only then
     */
    public GossipService(PeerMessaging messaging, WireCodec codec, EventLoop loop, TimeSource time, GossipConfig config,
                         Supplier<GossipCore> core, Function<List<Operation>, CompletableFuture<Long>> durableAfter) {
        this.messaging = messaging;
        this.codec = codec;
        this.loop = loop;
        this.time = time;
        this.config = config;
        this.core = core;
        this.durableAfter = durableAfter;
    }

    public void start() {
        // Decoded where it arrives (a messaging thread), so the registry thread only applies.
        messaging.handle(GOSSIP, (from, bytes) -> {
            onGossip(from, bytes);
            return CompletableFuture.completedFuture(null);
        }, Runnable::run);
        messaging.handle(CONFIRM, this::onConfirmRequest, loop);
        messaging.handle(EXCHANGE, this::onExchange, loop);
    }

    /** Registry thread: sends what the core produced. Never blocks. */
    public void send(List<GossipCore.Outbound> outbound) {
        for (GossipCore.Outbound out : outbound) {
            if (out.message() instanceof Message.SyncRequest || out.message() instanceof Message.SnapshotRequest) {
                exchange(out);
                continue;
            }
            byte[] bytes = codec.encode(out.message());
            count(out.message(), bytes);
            messaging.send(out.to(), GOSSIP, bytes);
        }
    }

    /** Registry thread: a request whose reply (a SyncReply or a SnapshotChunk) is fed back to the core. */
    private void exchange(GossipCore.Outbound out) {
        byte[] bytes = codec.encode(out.message());
        count(out.message(), bytes);
        messaging.request(out.to(), EXCHANGE, bytes, config.requestTimeout()).whenComplete((reply, error) -> {
            if (error != null || reply == null || reply.length == 0) {
                return; // lost, late or nothing to say: the next round asks again
            }
            onGossip(out.to(), reply);
        });
    }

    /** Registry thread: answers an exchange with the core's reply to the requester; anything else is sent. */
    private CompletableFuture<byte[]> onExchange(String from, byte[] bytes) {
        Message message;
        try {
            message = codec.decodeMessage(bytes);
        } catch (WireCodec.WireFormatException e) {
            undecodable.increment();
            LOG.warn("undecodable exchange from {}: {}", from, e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        byte[] reply = null;
        List<GossipCore.Outbound> rest = new java.util.ArrayList<>();
        for (GossipCore.Outbound out : core.get().receive(from, message, time.wallMillis())) {
            boolean answer = reply == null && out.to().equals(from)
                    && (out.message() instanceof Message.SyncReply || out.message() instanceof Message.SnapshotChunk);
            if (answer) {
                reply = codec.encode(out.message());
                count(out.message(), reply);
            } else {
                rest.add(out);
            }
        }
        send(rest);
        return CompletableFuture.completedFuture(reply);
    }

    private void count(Message message, byte[] bytes) {
        bytesSent.add(bytes.length);
        messagesSent.increment();
        if (message instanceof Message.SyncRequest || message instanceof Message.SyncReply reply
                && reply.ops().isEmpty()) {
            syncBytesSent.add(bytes.length);
        }
        if (message instanceof Message.Push || message instanceof Message.SyncReply reply && !reply.ops().isEmpty()
                || message instanceof Message.SnapshotChunk) {
            opsBytesSent.add(bytes.length);
        }
    }

    /**
     * Any thread: decodes a message there, then hands it to the core on the registry thread. The next
     * request a sync reply calls for leaves before the reply's batch is applied (G3).
     */
    private void onGossip(String from, byte[] bytes) {
        Message message;
        try {
            message = codec.decodeMessage(bytes);
        } catch (WireCodec.WireFormatException e) {
            undecodable.increment();
            LOG.warn("undecodable gossip from {}: {}", from, e.getMessage());
            return;
        }
        try {
            loop.execute(() -> {
                GossipCore gossip = core.get();
                if (message instanceof Message.SyncReply reply) {
                    send(gossip.syncReplyArrived(from, reply, time.wallMillis()));
                    send(gossip.applySyncReply(from, reply, time.wallMillis()));
                } else {
                    send(gossip.receive(from, message, time.wallMillis()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the node is stopping
        }
    }

    /** Registry thread: apply a confirm-push, reply once what it brought is durable here. */
    private CompletableFuture<byte[]> onConfirmRequest(String from, byte[] bytes) {
        Message.Push push;
        try {
            push = (Message.Push) codec.decodeMessage(bytes);
        } catch (RuntimeException e) {
            undecodable.increment();
            return CompletableFuture.failedFuture(e);
        }
        GossipCore gossip = core.get();
        gossip.applyPush(from, push, time.wallMillis());
        return durableAfter.apply(push.ops()).thenApply(ignored -> codec.encode(
                new Message.PushAck(gossip.peerVector(from))));
    }

    /**
     * acks=2: pushes {@code ops} (already durable here) to every live peer as a request and completes
     * true at the first confirmation, false when none confirms within the ack timeout.
     */
    public CompletableFuture<Boolean> confirm(List<Operation> ops, Duration timeout) {
        return loop.submit(() -> {
            GossipCore gossip = core.get();
            List<String> peers = gossip.peers();
            CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
            if (peers.isEmpty()) {
                confirmed.complete(false);
                return confirmed;
            }
            byte[] bytes = codec.encode(gossip.push(ops));
            AtomicInteger failures = new AtomicInteger();
            for (String peer : peers) {
                messaging.request(peer, CONFIRM, bytes, timeout).whenComplete((reply, error) -> {
                    if (error == null) {
                        confirmed.complete(true);
                    } else if (failures.incrementAndGet() == peers.size()) {
                        confirmed.complete(false);
                    }
                });
            }
            return confirmed;
        }).thenCompose(Function.identity());
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Bytes of anti-entropy exchanges that carried no operations: the cost of staying in sync. */
    public long syncBytesSent() {
        return syncBytesSent.sum();
    }

    /** Bytes of messages that carried operations or state: pushes, non-empty sync replies, snapshot chunks. */
    public long opsBytesSent() {
        return opsBytesSent.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long undecodable() {
        return undecodable.sum();
    }

    @Override
    public void close() {
        messaging.unhandle(GOSSIP);
        messaging.unhandle(CONFIRM);
        messaging.unhandle(EXCHANGE);
    }
}
