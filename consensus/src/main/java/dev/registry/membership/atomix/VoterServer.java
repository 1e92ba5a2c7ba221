package dev.registry.membership.atomix;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import io.atomix.cluster.ClusterMembershipService;
import io.atomix.cluster.MemberId;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.PrimitiveTypeRegistry;
import io.atomix.protocols.raft.RaftServer;
import io.atomix.protocols.raft.cluster.RaftMember;
import io.atomix.protocols.raft.impl.DefaultRaftServer;
import io.atomix.protocols.raft.impl.RaftContext;
import io.atomix.protocols.raft.partition.impl.RaftNamespaces;
import io.atomix.protocols.raft.protocol.RaftServerProtocol;
import io.atomix.protocols.raft.storage.RaftStorage;
import io.atomix.storage.StorageLevel;
import io.atomix.utils.concurrent.ThreadModel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The Raft server of a voter, holding the membership record's state machine.
 *
 * <p>Built from its parts rather than with {@code RaftServer.builder()} for one reason: Atomix's
 * {@code shutdown()} refuses a server whose bootstrap has not completed (no majority was ever reached),
 * which left its threads and open log behind when such a member closed. Keeping the {@link RaftContext}
 * lets {@link #close} release it in every case. The construction mirrors the builder's.
 */
final class VoterServer {
    private static final String NAME = "membership";
    private static final int SEGMENT_BYTES = 4 * 1024 * 1024;
    private static final int MAX_ENTRY_BYTES = 1024 * 1024;
    /** The record is tiny and several members may share a JVM on 2 cores. */
    private static final int THREADS = 2;
    private static final Duration STANDALONE_ELECTION = Duration.ofMillis(100);

    private final RaftContext context;
    private final DefaultRaftServer server;

    VoterServer(MembershipConfig config, MemberId self, ClusterMembershipService membership,
                RaftServerProtocol protocol) {
        RaftStorage storage = RaftStorage.builder()
                .withPrefix(NAME)
                .withDirectory(config.dataDir().resolve("raft").toFile())
                .withStorageLevel(StorageLevel.DISK)
                .withNamespace(RaftNamespaces.RAFT_STORAGE)
                .withMaxSegmentSize(SEGMENT_BYTES)
                .withMaxEntrySize(MAX_ENTRY_BYTES)
                // Membership changes are rare and must survive a crash of a majority: fsync each.
                .withFlushOnCommit(true)
                .build();
        this.context = new RaftContext(NAME, self, membership, protocol, storage, new SingleTypeRegistry(),
                ThreadModel.SHARED_THREAD_POOL.factory("raft-server-" + NAME + "-%d", THREADS,
                        LoggerFactory.getLogger(RaftServer.class)), true);
        context.setHeartbeatInterval(heartbeatInterval(config));
        context.setElectionTimeout(electionTimeout(config));
        context.setSessionTimeout(config.timings().sessionTimeout());
        this.server = new DefaultRaftServer(context);
    }

    /**
     * A single voter has nobody to wait for or to lose: its first election is pure delay (Raft waits a
     * randomized [t, 2t) before standing), so standalone mode uses a short timeout. Several voters use
     * the configured one.
     */
    static Duration electionTimeout(MembershipConfig config) {
        Duration configured = config.timings().electionTimeout();
        return config.standaloneMode() && configured.compareTo(STANDALONE_ELECTION) > 0 ? STANDALONE_ELECTION : configured;
    }

    static Duration heartbeatInterval(MembershipConfig config) {
        MembershipTimings t = config.timings();
        Duration cap = electionTimeout(config).dividedBy(3);
        return t.heartbeatInterval().compareTo(cap) > 0 ? cap : t.heartbeatInterval();
    }

    /** Joins (or, on first start, forms) the group of voters; completes once this server is part of it. */
    void bootstrap(Collection<MemberId> voters) {
        server.bootstrap(voters);
    }

    boolean running() {
        return server.isRunning();
    }

    Optional<String> leader() {
        if (!server.isRunning()) {
            return Optional.empty();
        }
        RaftMember leader = server.cluster().getLeader();
        return Optional.ofNullable(leader).map(m -> m.memberId().id());
    }

    /** Stops the server and releases its threads and log, whether or not it ever joined the group. */
    void close(long timeoutMillis) {
        if (server.isRunning()) {
            RaftRecord.await(server.shutdown(), timeoutMillis);
            return;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        context.getThreadContext().execute(() -> {
            try {
                context.transition(RaftServer.Role.INACTIVE);
            } finally {
                stopped.complete(null);
            }
        });
        RaftRecord.await(stopped, timeoutMillis);
        context.close();
    }

    /** The Raft server only ever hosts the membership record. */
    private static final class SingleTypeRegistry implements PrimitiveTypeRegistry {
        @Override
        public Collection<PrimitiveType> getPrimitiveTypes() {
            return List.of(RecordPrimitiveType.INSTANCE);
        }

        @Override
        public PrimitiveType getPrimitiveType(String typeName) {
            return RecordPrimitiveType.NAME.equals(typeName) ? RecordPrimitiveType.INSTANCE : null;
        }
    }
}
