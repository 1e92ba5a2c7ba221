package dev.registry.membership.atomix;

import dev.registry.membership.LastKnownRecord;
import dev.registry.membership.Member;
import dev.registry.membership.MemberState;
import dev.registry.membership.Membership;
import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipEvent;
import dev.registry.membership.MembershipRecord;
import dev.registry.membership.MembershipView;
import dev.registry.membership.NoQuorumException;
import dev.registry.membership.NotMemberException;
import dev.registry.membership.PeerMessaging;
import dev.registry.membership.RecordCommand;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import dev.registry.membership.Suspicions;
import dev.registry.membership.ViewTracker;
import io.atomix.cluster.AtomixCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership and peer messaging of one registry node, on one {@link AtomixCluster} (Netty messaging and
 * SWIM failure detection) plus a Raft group over the voters holding the membership record.
 *
 * <p>Start-up: {@link #start()} completes once messaging is bound and the last-known (or configured)
 * member list is loaded — typically well under a second; the Raft group elects and this member's
 * session opens in the background, after which {@link #ready()} is true.
 *
 * <p>Threads: all membership state is owned by one loop thread ({@code membership-<id>}); public methods
 * are thread-safe and never block, except {@link #close()}.
 */
public final class AtomixMembership implements Membership, PeerMessaging {
    private static final Logger LOG = LoggerFactory.getLogger(AtomixMembership.class);
    private static final long CLOSE_STEP_MILLIS = 3_000;
    /**
     * Re-read the record this often (in ticks of at most 100 ms, so about every 5 s) in case an event was
     * lost while a session recovered. Events are the normal path; this bounds staleness, cheaply.
     */
    private static final int READ_EVERY_TICKS = 50;

    private final MembershipConfig config;
    private final LongSupplier clock;
    private final AtomixCluster cluster;
    private final AtomixPeerMessaging messaging;
    private final Member self;
    private final Set<String> voterIds;
    private final List<Consumer<MembershipEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> proposing = new HashSet<>();

    private Loop loop;
    private volatile RaftRecord raft;
    private LastKnownRecord lastKnown;
    private Suspicions suspicions;
    private ViewTracker tracker;
    private MembershipRecord record;
    private boolean raftSeen;
    private boolean activating;
    private long ticks;
    private long detectorWarmUntilMillis;
    private ScheduledFuture<?> ticker;
    private CompletableFuture<Void> startFuture;
    private volatile MembershipView view;
    private volatile boolean quorum;
    private volatile boolean ready;
    private volatile boolean leftOnPurpose;
    private volatile boolean closed;

    /** Wires (no threads, no sockets); {@code clock} gives wall-clock millis for lastSeen and timers. */
    public AtomixMembership(MembershipConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        this.cluster = ClusterFactory.build(config);
        this.self = new Member(config.localId(), config.gossipAddress(), config.httpAddress(), config.role(),
                MemberState.JOINING, 0, 0);
        this.voterIds = new TreeSet<>(config.voters().stream().map(Seed::id).toList());
        this.record = MembershipRecord.configured(config.voters(), self);
        this.view = ViewTracker.compose(record, Set.of(), Map.of(), Optional.empty());
        this.messaging = new AtomixPeerMessaging(config.localId(), cluster.getMessagingService(),
                cluster.getMembershipService(),
                id -> view.member(id).map(Member::gossipAddress), () -> view.ids());
    }

    public static AtomixMembership create(MembershipConfig config) {
        return new AtomixMembership(config, System::currentTimeMillis);
    }

    @Override
    public synchronized CompletableFuture<Void> start() {
        if (startFuture != null) {
            return startFuture;
        }
        loop = new Loop("membership-" + config.localId());
        // Complete once messaging is bound and the last-known members are loaded: the data path can run.
        // Raft (server build, log open, election, session) follows in the background on the loop; building
        // it alongside messaging instead delayed start() by ~0.5 s on 2 shared cores, for no gain (measured).
        startFuture = CompletableFuture.runAsync(this::loadLastKnown, loop)
                .thenCompose(v -> cluster.start())
                .thenRunAsync(() -> {
                    loop.execute(this::prepareRaft);
                    loop.execute(this::startRaft);
                }, loop);
        return startFuture;
    }

    private void loadLastKnown() {
        // Until the failure detector has had one failure timeout to find the others (or Raft has answered,
        // which took talking to a majority), not having seen a member yet says nothing: do not flap the
        // last-known members to SUSPECTED at every start.
        detectorWarmUntilMillis = clock.getAsLong() + config.timings().suspectAfter().toMillis();
        lastKnown = new LastKnownRecord(config.dataDir());
        lastKnown.load().ifPresent(r -> record = r);
        suspicions = new Suspicions(config.localId(), config.timings().goneAfter());
        tracker = new ViewTracker(view, false);
        refresh();
    }

    private void prepareRaft() {
        if (closed) {
            return;
        }
        raft = new RaftRecord(config, cluster, loop, this::onRecord);
        raft.prepare();
    }

    private void startRaft() {
        if (closed || raft == null) {
            return;
        }
        raft.start().thenRunAsync(this::activateSelf, loop);
        long period = Math.min(config.timings().heartbeatInterval().toMillis(), 100);
        ticker = loop.every(this::tick, period).orElse(null);
    }

    /** On the loop: (re)announces this member ACTIVE; ready once Raft has answered. */
    private void activateSelf() {
        if (activating || closed) {
            return;
        }
        activating = true;
        Member me = new Member(self.id(), self.gossipAddress(), self.httpAddress(), self.role(),
                MemberState.ACTIVE, 0, 0);
        raft.execute(new RecordCommand.Activate(me))
                .orTimeout(changeTimeoutMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reply, e) -> {
                    activating = false;
                    if (e == null) {
                        ready = true;
                        detectorWarmUntilMillis = 0;
                    }
                }, loop);
    }

    /** On the loop: a record from Raft (event or reply). Epochs only move forward once Raft was heard. */
    private void onRecord(MembershipRecord next) {
        if (raftSeen && next.epoch() <= record.epoch()) {
            return;
        }
        if (!raftSeen && next.epoch() == 0) {
            return;
        }
        raftSeen = true;
        record = next;
        try {
            lastKnown.save(next);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot persist the last-known membership record", config.localId(), e);
        }
        refresh();
    }

    private void tick() {
        if (closed) {
            return;
        }
        refresh();
        if (raft == null || !raft.sessionOpen()) {
            return;
        }
        if (!ready) {
            activateSelf();
            return;
        }
        if (!quorum) {
            return;
        }
        Member me = record.members().get(config.localId());
        if (me != null && me.state() == MemberState.GONE && !leftOnPurpose) {
            activateSelf();
        }
        for (String id : suspicions.dueGone(record, clock.getAsLong())) {
            if (proposing.add(id)) {
                raft.execute(new RecordCommand.MarkGone(id))
                        .orTimeout(changeTimeoutMillis(), TimeUnit.MILLISECONDS)
                        .whenCompleteAsync((r, e) -> proposing.remove(id), loop);
            }
        }
        if (++ticks % READ_EVERY_TICKS == 0) {
            raft.read();
        }
    }

    /** On the loop: recomputes the view from the record and the failure detector, and fires events. */
    private void refresh() {
        long now = clock.getAsLong();
        Set<String> reachable = reachableIds();
        if (now >= detectorWarmUntilMillis) {
            suspicions.observe(record, reachable, now);
        }
        Set<String> reachableVoters = new TreeSet<>(voterIds);
        reachableVoters.retainAll(reachable);
        boolean nextQuorum = reachableVoters.size() >= config.quorumSize();
        Optional<String> leader = raft == null ? Optional.empty() : raft.leader();
        MembershipView next = ViewTracker.compose(record, suspicions.suspected(), suspicions.lastSeen(), leader);
        List<MembershipEvent> events = tracker.advance(next, nextQuorum);
        view = tracker.current();
        quorum = nextQuorum;
        for (MembershipEvent event : events) {
            for (Consumer<MembershipEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("{}: membership listener failed on {}", config.localId(), event, e);
                }
            }
        }
    }

    private Set<String> reachableIds() {
        Set<String> ids = new HashSet<>();
        ids.add(config.localId());
        if (cluster.isRunning()) {
            for (io.atomix.cluster.Member m : cluster.getMembershipService().getMembers()) {
                if (m.isReachable()) {
                    ids.add(m.id().id());
                }
            }
        }
        return ids;
    }

    private Set<String> reachableVoters() {
        Set<String> reachable = new TreeSet<>(voterIds);
        reachable.retainAll(reachableIds());
        return reachable;
    }

    @Override
    public String localId() {
        return config.localId();
    }

    @Override
    public MembershipView view() {
        return view;
    }

    @Override
    public boolean hasQuorum() {
        return quorum;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void addListener(Consumer<MembershipEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public CompletableFuture<MembershipView> join(Member peer) {
        if (peer.role() != Role.PEER) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "join adds non-voting peers; voters are configured, not joined: " + peer.id()));
        }
        return change(new RecordCommand.Activate(peer), peer.id());
    }

    @Override
    public CompletableFuture<MembershipView> leave(String memberId) {
        if (memberId.equals(config.localId())) {
            leftOnPurpose = true;
        }
        return change(new RecordCommand.Leave(memberId), memberId);
    }

    private CompletableFuture<MembershipView> change(RecordCommand command, String memberId) {
        RaftRecord r = raft;
        if (r == null || closed) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "membership of " + config.localId() + " is not running"));
        }
        if (!quorum) {
            return CompletableFuture.failedFuture(noQuorum());
        }
        return r.execute(command)
                .orTimeout(changeTimeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((reply, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        throw new CompletionException(cause instanceof TimeoutException ? noQuorum() : cause);
                    }
                    if (reply.unknownMember()) {
                        throw new CompletionException(new NotMemberException(memberId, reply.record().members().keySet()));
                    }
                    return reply;
                })
                // Runs after the reply's record was handed to the loop, so the view includes the change.
                .thenApplyAsync(reply -> view, loop);
    }

    private long changeTimeoutMillis() {
        return config.timings().changeTimeout().toMillis();
    }

    private NoQuorumException noQuorum() {
        return new NoQuorumException(reachableVoters(), voterIds);
    }

    @Override
    public void send(String memberId, String subject, byte[] payload) {
        messaging.send(memberId, subject, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
        return messaging.request(memberId, subject, payload, timeout);
    }

    @Override
    public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                       Executor executor) {
        messaging.handle(subject, handler, executor);
    }

    @Override
    public void unhandle(String subject) {
        messaging.unhandle(subject);
    }

    /** The same instance seen as the gossip transport port. */
    public PeerMessaging peerMessaging() {
        return this;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        quorum = false;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (loop != null) {
            // On the loop, so it cannot interleave with startRaft(): either Raft never starts or it is closed.
            CompletableFuture<Void> raftClosed = CompletableFuture.runAsync(() -> {
                if (raft != null) {
                    raft.close(CLOSE_STEP_MILLIS);
                }
            }, loop);
            RaftRecord.await(raftClosed, 4 * CLOSE_STEP_MILLIS);
        }
        if (startFuture != null) {
            RaftRecord.await(cluster.stop(), CLOSE_STEP_MILLIS);
        }
        if (loop != null) {
            loop.shutdown(CLOSE_STEP_MILLIS);
        }
    }
}
