package dev.registry.membership.atomix;

import io.atomix.cluster.ClusterMembershipService;
import io.atomix.cluster.Member;
import io.atomix.cluster.MemberId;
import io.atomix.cluster.messaging.ClusterCommunicationService;
import io.atomix.cluster.messaging.MessagingException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Atomix's cluster communication with one defect worked around: in 3.1.12, sending to a member the SWIM
 * protocol does not know (a dead voter, one not probed yet) throws a NullPointerException inside
 * {@code SwimMembershipProtocol.getMember}. The Raft client only fails over to the next server on a
 * socket error, so that NPE pinned a peer's session to a dead voter forever (measured: a peer could not
 * join after the first-listed voter died). Here an unknown member fails with a {@link ConnectException},
 * as Atomix itself intends. Likewise "no remote handler" (the member is up, its Raft server not yet)
 * becomes a ConnectException so the client tries the next server. Everything else is delegated unchanged.
 */
final class GuardedCommunication implements ClusterCommunicationService {
    private final ClusterCommunicationService delegate;
    private final ClusterMembershipService swim;

    GuardedCommunication(ClusterCommunicationService delegate, ClusterMembershipService swim) {
        this.delegate = delegate;
        this.swim = swim;
    }

    /** Null-safe member lookup (scans the few members instead of the NPE-prone getMember). */
    static Optional<Member> known(ClusterMembershipService swim, MemberId id) {
        for (Member m : swim.getMembers()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static <T> CompletableFuture<T> unknown(MemberId id) {
        return CompletableFuture.failedFuture(new ConnectException("member not known to the failure detector: " + id));
    }

    @Override
    public <M> void broadcast(String subject, M message, Function<M, byte[]> encoder, boolean reliable) {
        delegate.broadcast(subject, message, encoder, reliable);
    }

    @Override
    public <M> void broadcastIncludeSelf(String subject, M message, Function<M, byte[]> encoder, boolean reliable) {
        delegate.broadcastIncludeSelf(subject, message, encoder, reliable);
    }

    @Override
    public <M> CompletableFuture<Void> unicast(String subject, M message, Function<M, byte[]> encoder,
                                               MemberId toMemberId, boolean reliable) {
        if (known(swim, toMemberId).isEmpty()) {
            return unknown(toMemberId);
        }
        return delegate.unicast(subject, message, encoder, toMemberId, reliable);
    }

    @Override
    public <M> void multicast(String subject, M message, Function<M, byte[]> encoder, Set<MemberId> memberIds,
                              boolean reliable) {
        for (MemberId id : memberIds) {
            unicast(subject, message, encoder, id, reliable);
        }
    }

    @Override
    public <M, R> CompletableFuture<R> send(String subject, M message, Function<M, byte[]> encoder,
                                            Function<byte[], R> decoder, MemberId toMemberId, Duration timeout) {
        if (known(swim, toMemberId).isEmpty()) {
            return unknown(toMemberId);
        }
        CompletableFuture<R> sent = delegate.send(subject, message, encoder, decoder, toMemberId, timeout);
        return sent.handle((reply, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(reply);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof MessagingException.NoRemoteHandler) {
                // The member is up but its Raft server is not (yet): let the Raft client try the next one.
                return CompletableFuture.<R>failedFuture(new ConnectException("no Raft handler at " + toMemberId));
            }
            return CompletableFuture.<R>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    @Override
    public <M, R> CompletableFuture<Void> subscribe(String subject, Function<byte[], M> decoder,
                                                    Function<M, R> handler, Function<R, byte[]> encoder,
                                                    Executor executor) {
        return delegate.subscribe(subject, decoder, handler, encoder, executor);
    }

    @Override
    public <M, R> CompletableFuture<Void> subscribe(String subject, Function<byte[], M> decoder,
                                                    Function<M, CompletableFuture<R>> handler,
                                                    Function<R, byte[]> encoder) {
        return delegate.subscribe(subject, decoder, handler, encoder);
    }

    @Override
    public <M> CompletableFuture<Void> subscribe(String subject, Function<byte[], M> decoder, Consumer<M> handler,
                                                 Executor executor) {
        return delegate.subscribe(subject, decoder, handler, executor);
    }

    @Override
    public <M> CompletableFuture<Void> subscribe(String subject, Function<byte[], M> decoder,
                                                 BiConsumer<MemberId, M> handler, Executor executor) {
        return delegate.subscribe(subject, decoder, handler, executor);
    }

    @Override
    public void unsubscribe(String subject) {
        delegate.unsubscribe(subject);
    }
}
