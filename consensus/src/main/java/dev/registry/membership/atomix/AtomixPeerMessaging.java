package dev.registry.membership.atomix;

import dev.registry.membership.NotMemberException;
import dev.registry.membership.PeerMessaging;
import io.atomix.cluster.ClusterMembershipService;
import io.atomix.cluster.Member;
import io.atomix.cluster.MemberId;
import io.atomix.cluster.messaging.MessagingService;
import io.atomix.utils.net.Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link PeerMessaging} on Atomix's Netty {@link MessagingService}. Each frame carries the sender's member
 * id ahead of the payload (Atomix only tells the handler the sender's socket address). Subjects are
 * prefixed so they cannot collide with Atomix's own (Raft, SWIM).
 *
 * <p>Addresses come from the failure detector's member list, falling back to the agreed record (a
 * member not yet probed). Thread-safe; nothing here blocks.
 */
final class AtomixPeerMessaging implements PeerMessaging {
    private static final String PREFIX = "registry.peer.";
    private static final byte[] EMPTY = new byte[0];

    private final String localId;
    private final MessagingService messaging;
    private final ClusterMembershipService swim;
    private final Function<String, Optional<String>> recordAddress;
    private final java.util.function.Supplier<Set<String>> knownIds;
    private final byte[] header;

    AtomixPeerMessaging(String localId, MessagingService messaging, ClusterMembershipService swim,
                        Function<String, Optional<String>> recordAddress,
                        java.util.function.Supplier<Set<String>> knownIds) {
        this.localId = localId;
        this.messaging = messaging;
        this.swim = swim;
        this.recordAddress = recordAddress;
        this.knownIds = knownIds;
        byte[] id = localId.getBytes(StandardCharsets.UTF_8);
        this.header = ByteBuffer.allocate(2 + id.length).putShort((short) id.length).put(id).array();
    }

    @Override
    public void send(String memberId, String subject, byte[] payload) {
        Optional<Address> to = address(memberId);
        if (to.isEmpty()) {
            return;
        }
        // Fire-and-forget: a failed connection is a lost message; gossip's anti-entropy repairs it.
        messaging.sendAsync(to.get(), PREFIX + subject, frame(payload), false);
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
        Optional<Address> to = address(memberId);
        if (to.isEmpty()) {
            return CompletableFuture.failedFuture(new NotMemberException(memberId, knownIds.get()));
        }
        return messaging.sendAndReceive(to.get(), PREFIX + subject, frame(payload), false, timeout);
    }

    @Override
    public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                       Executor executor) {
        messaging.registerHandler(PREFIX + subject, (Address from, byte[] bytes) -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] id = new byte[in.getShort()];
            in.get(id);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            String sender = new String(id, StandardCharsets.UTF_8);
            return CompletableFuture.supplyAsync(() -> handler.apply(sender, body), executor)
                    .thenCompose(Function.identity())
                    .thenApply(reply -> reply == null ? EMPTY : reply);
        });
    }

    @Override
    public void unhandle(String subject) {
        messaging.unregisterHandler(PREFIX + subject);
    }

    String localId() {
        return localId;
    }

    private byte[] frame(byte[] payload) {
        byte[] out = new byte[header.length + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    private Optional<Address> address(String memberId) {
        Optional<Member> m = GuardedCommunication.known(swim, MemberId.from(memberId));
        if (m.isPresent()) {
            return Optional.of(m.get().address());
        }
        return recordAddress.apply(memberId).filter(a -> !a.isEmpty()).map(Address::from);
    }
}
