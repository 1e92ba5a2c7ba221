package dev.registry.membership.inmemory;

import java.util.Set;
import dev.registry.membership.Member;
import dev.registry.membership.MemberState;
import dev.registry.membership.Membership;
import dev.registry.membership.MembershipEvent;
import dev.registry.membership.MembershipRecord;
import dev.registry.membership.MembershipView;
import dev.registry.membership.NoQuorumException;
import dev.registry.membership.NotMemberException;
import dev.registry.membership.RecordCommand;
import dev.registry.membership.Role;
import dev.registry.membership.Suspicions;
import dev.registry.membership.ViewTracker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory twin of {@code AtomixMembership}: the same record rules, suspicion rules and view/event
 * computation (the shared pure core), over an {@link InMemoryCluster} instead of Raft and SWIM.
 * Deterministic: it acts only when the cluster's virtual time advances or when called. Futures are
 * already complete when returned. Thread-safe (everything runs under the cluster's lock).
 */
public final class InMemoryMembership implements Membership {
    private final InMemoryCluster cluster;
    private final Member identity;
    private final List<Consumer<MembershipEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Suspicions suspicions;
    private final ViewTracker tracker;
    private MembershipRecord record;
    private boolean raftSeen;
    private boolean started;
    private volatile boolean alive;
    private volatile boolean ready;
    private volatile boolean quorum;
    private volatile boolean leftOnPurpose;
    private volatile MembershipView view;

    InMemoryMembership(InMemoryCluster cluster, Member identity, MembershipRecord lastKnown) {
        this.cluster = cluster;
        this.identity = identity;
        this.record = lastKnown;
        this.suspicions = new Suspicions(identity.id(), cluster.timings().goneAfter());
        this.view = ViewTracker.compose(lastKnown, Set.of(), Map.of(), Optional.empty());
        this.tracker = new ViewTracker(view, false);
    }

    @Override
    public CompletableFuture<Void> start() {
        synchronized (cluster) {
            if (started) {
                return CompletableFuture.completedFuture(null);
            }
            started = true;
            alive = true;
            cluster.settle();
            return CompletableFuture.completedFuture(null);
        }
    }

    boolean alive() {
        return alive;
    }

    /** Under the cluster lock, at every virtual tick. */
    void tick() {
        boolean leaderReachable = cluster.leaderSeenFrom(identity.id()).isPresent();
        if (leaderReachable) {
            Member me = record.members().get(identity.id());
            boolean gone = me != null && me.state() == MemberState.GONE && !leftOnPurpose;
            if (!ready || gone) {
                cluster.commit(identity.id(), new RecordCommand.Activate(active()));
                ready = true;
            }
            cluster.read(identity.id()).ifPresent(this::onRecord);
        }
        refresh();
        if (ready && leaderReachable) {
            for (String id : suspicions.dueGone(record, cluster.nowMillis())) {
                cluster.commit(identity.id(), new RecordCommand.MarkGone(id));
            }
        }
    }

    private Member active() {
        return new Member(identity.id(), identity.gossipAddress(), identity.httpAddress(), identity.role(),
                MemberState.ACTIVE, 0, 0);
    }

    /** Under the cluster lock: a record from the (simulated) Raft group. */
    void onRecord(MembershipRecord next) {
        if (raftSeen && next.epoch() <= record.epoch()) {
            return;
        }
        raftSeen = true;
        record = next;
        cluster.remember(identity.id(), next);
        refresh();
    }

    private void refresh() {
        if (!alive) {
            return;
        }
        suspicions.observe(record, cluster.reachableFrom(identity.id()), cluster.nowMillis());
        boolean nextQuorum = cluster.reachesMajority(identity.id());
        MembershipView next = ViewTracker.compose(record, suspicions.suspected(), suspicions.lastSeen(),
                cluster.leaderSeenFrom(identity.id()));
        List<MembershipEvent> events = tracker.advance(next, nextQuorum);
        view = tracker.current();
        quorum = nextQuorum;
        for (MembershipEvent event : events) {
            listeners.forEach(l -> l.accept(event));
        }
    }

    @Override
    public String localId() {
        return identity.id();
    }

    @Override
    public MembershipView view() {
        return view;
    }

    @Override
    public boolean hasQuorum() {
        return alive && quorum;
    }

    @Override
    public boolean ready() {
        return alive && ready;
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
        if (memberId.equals(identity.id())) {
            leftOnPurpose = true;
        }
        return change(new RecordCommand.Leave(memberId), memberId);
    }

    private CompletableFuture<MembershipView> change(RecordCommand command, String memberId) {
        synchronized (cluster) {
            if (!alive) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "membership of " + identity.id() + " is not running"));
            }
            try {
                MembershipRecord.Outcome outcome = cluster.commit(identity.id(), command);
                if (outcome.refused()) {
                    return CompletableFuture.failedFuture(
                            new NotMemberException(memberId, outcome.record().members().keySet()));
                }
                onRecord(outcome.record());
                return CompletableFuture.completedFuture(view);
            } catch (NoQuorumException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** A crash: no goodbye; the cluster keeps this member's last-known record for a restart. */
    @Override
    public void close() {
        synchronized (cluster) {
            if (!alive) {
                return;
            }
            alive = false;
            ready = false;
            quorum = false;
            cluster.settle();
        }
    }
}
