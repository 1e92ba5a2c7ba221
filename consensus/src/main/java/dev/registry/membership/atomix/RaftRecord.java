package dev.registry.membership.atomix;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipRecord;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.RecordCodec;
import dev.registry.membership.RecordCommand;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import io.atomix.cluster.AtomixCluster;
import io.atomix.cluster.MemberId;
import io.atomix.primitive.Recovery;
import io.atomix.primitive.operation.PrimitiveOperation;
import io.atomix.primitive.partition.PartitionId;
import io.atomix.primitive.service.ServiceConfig;
import io.atomix.primitive.session.SessionClient;
import io.atomix.protocols.raft.RaftClient;
import io.atomix.protocols.raft.ReadConsistency;
import io.atomix.protocols.raft.partition.impl.RaftClientCommunicator;
import io.atomix.protocols.raft.partition.impl.RaftNamespaces;
import io.atomix.protocols.raft.partition.impl.RaftServerCommunicator;
import io.atomix.protocols.raft.session.CommunicationStrategy;
import io.atomix.utils.serializer.Serializer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The membership record as one member reaches it through Raft: on a voter, a {@link VoterServer} holding
 * the {@link RecordService} state machine; on every member, a {@link RaftClient} session to it.
 *
 * <p>We run Atomix's RaftServer and RaftClient directly over an {@link AtomixCluster} instead of starting a
 * full {@code Atomix} instance: that is what lets us set the election timeout (Atomix's partition group
 * hard-codes 2.5 s) and skip the partition-group bootstrap that made {@code Atomix.start()} take 10-23 s.
 *
 * <p>Threads: callbacks from Atomix threads are handed to {@code loop}; {@code onRecord} runs there.
 */
final class RaftRecord {
    private static final String PROTOCOL_PREFIX = "registry-membership";
    private static final String SERVICE_NAME = "membership";

    private final MembershipConfig config;
    private final AtomixCluster cluster;
    private final Loop loop;
    private final Consumer<MembershipRecord> onRecord;
    private final List<MemberId> voterIds;
    private final CompletableFuture<SessionClient> session = new CompletableFuture<>();
    private volatile VoterServer server;
    private volatile RaftClient client;
    private volatile SessionClient opening;
    private volatile boolean closed;

    /** A reply of the record service: whether the command named an unknown member, and the record after it. */
    record Reply(boolean unknownMember, MembershipRecord record) {
    }

    RaftRecord(MembershipConfig config, AtomixCluster cluster, Loop loop,
               Consumer<MembershipRecord> onRecord) {
        this.config = config;
        this.cluster = cluster;
        this.loop = loop;
        this.onRecord = onRecord;
        this.voterIds = config.voters().stream().map(Seed::id).map(MemberId::from).toList();
    }

    /**
     * Builds the server (voters: opens the Raft log) and the client without touching the network, so it
     * can overlap with the cluster's start-up: most of it is class loading and Kryo set-up.
     */
    void prepare() {
        Serializer protocol = Serializer.using(RaftNamespaces.RAFT_PROTOCOL);
        MemberId self = MemberId.from(config.localId());
        GuardedCommunication communication =
                new GuardedCommunication(cluster.getCommunicationService(), cluster.getMembershipService());
        if (config.role() == Role.VOTER) {
            server = new VoterServer(config, self, cluster.getMembershipService(),
                    new RaftServerCommunicator(PROTOCOL_PREFIX, protocol, communication));
        }
        client = RaftClient.builder(voterIds)
                .withClientId(SERVICE_NAME + "-" + config.localId())
                .withPartitionId(PartitionId.from(PROTOCOL_PREFIX, 1))
                .withMemberId(self)
                .withProtocol(new RaftClientCommunicator(PROTOCOL_PREFIX, protocol, communication))
                .build();
    }

    /** After the cluster started: joins the Raft group and opens the session (the future). */
    CompletableFuture<SessionClient> start() {
        if (server != null) {
            server.bootstrap(voterIds);
        }
        client.connect(voterIds).whenComplete((c, e) -> loop.execute(this::openWhenLeaderKnown));
        return session;
    }

    /**
     * On the loop: opens the session once some leader is known. Opening earlier fails, and Atomix's
     * recovering session client then waits a fixed second before it tries again; checking first, at
     * heartbeat pace, saves most of that second. A voter asks its own server; a peer asks the cluster
     * (a metadata request succeeds only through a leader).
     */
    private void openWhenLeaderKnown() {
        if (closed) {
            return;
        }
        MembershipTimings t = config.timings();
        CompletableFuture<Boolean> known;
        VoterServer s = server;
        if (s != null) {
            known = CompletableFuture.completedFuture(s.leader().isPresent());
        } else {
            known = client.metadata().getSessions(RecordPrimitiveType.INSTANCE)
                    .orTimeout(t.electionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((sessions, e) -> e == null);
        }
        known.thenAccept(yes -> loop.execute(() -> {
            if (yes) {
                openSession();
            } else {
                loop.schedule(this::openWhenLeaderKnown, t.heartbeatInterval().toMillis());
            }
        }));
    }

    /** On the loop: opens the session, retrying after an election timeout until it opens or we close. */
    private void openSession() {
        if (closed) {
            return;
        }
        MembershipTimings t = config.timings();
        SessionClient candidate = client.sessionBuilder(SERVICE_NAME, RecordPrimitiveType.INSTANCE, new ServiceConfig())
                .withMinTimeout(t.sessionTimeout())
                .withMaxTimeout(t.sessionTimeout())
                .withReadConsistency(ReadConsistency.LINEARIZABLE)
                .withCommunicationStrategy(CommunicationStrategy.LEADER)
                // A session lost to a partition is re-opened, with its listeners, when the majority is back.
                .withRecoveryStrategy(Recovery.RECOVER)
                .withMaxRetries(2)
                .withRetryDelay(t.heartbeatInterval())
                .build();
        candidate.addEventListener(RecordService.CHANGED,
                event -> {
                    MembershipRecord record = RecordCodec.decodeRecord(event.value());
                    loop.execute(() -> onRecord.accept(record));
                });
        opening = candidate;
        candidate.connect().whenComplete((s, e) -> {
            if (e == null && !closed) {
                session.complete(s);
            } else if (e == null) {
                s.close();
            } else if (!closed) {
                candidate.close();
                // The usual cause is "no leader yet": retry at heartbeat pace so we catch the new leader soon.
                loop.schedule(this::openSession, t.heartbeatInterval().toMillis());
            }
        });
    }

    boolean sessionOpen() {
        return session.isDone() && !session.isCompletedExceptionally();
    }

    /** Proposes a command; the reply's record is also handed to {@code onRecord}. */
    CompletableFuture<Reply> execute(RecordCommand command) {
        return session.thenCompose(s -> s.execute(PrimitiveOperation.operation(RecordService.APPLY,
                RecordCodec.encode(command)))).thenApply(this::reply);
    }

    /** A linearizable read of the record through the leader. */
    CompletableFuture<Reply> read() {
        return session.thenCompose(s -> s.execute(PrimitiveOperation.operation(RecordService.READ)))
                .thenApply(this::reply);
    }

    private Reply reply(byte[] bytes) {
        MembershipRecord record = RecordCodec.decodeRecord(Arrays.copyOfRange(bytes, 1, bytes.length));
        loop.execute(() -> onRecord.accept(record));
        return new Reply(bytes[0] == RecordService.UNKNOWN_MEMBER, record);
    }

    /** The leader this member knows of: its own server's view on a voter, the client's on a peer. */
    Optional<String> leader() {
        VoterServer s = server;
        if (s != null && s.running()) {
            return s.leader();
        }
        RaftClient c = client;
        return c == null ? Optional.empty() : Optional.ofNullable(c.leader()).map(MemberId::id);
    }

    /** Closes session, client and server; each step bounded by {@code stepTimeoutMillis}. */
    void close(long stepTimeoutMillis) {
        closed = true;
        session.completeExceptionally(new IllegalStateException("membership closed"));
        if (session.isDone() && !session.isCompletedExceptionally()) {
            await(session.join().close(), stepTimeoutMillis);
        } else if (opening != null) {
            // Still trying to open (Atomix retries each second): stop it, or it outlives us.
            await(opening.close(), stepTimeoutMillis);
        }
        if (client != null) {
            await(client.close(), stepTimeoutMillis);
        }
        if (server != null) {
            server.close(stepTimeoutMillis);
        }
    }

    static void await(CompletableFuture<?> future, long timeoutMillis) {
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Shutting down: a peer that does not answer must not keep us from releasing our resources.
        }
    }
}
