package dev.registry.node.registry;

import dev.registry.api.HistoryEntry;
import dev.registry.api.InstanceStatus;
import dev.registry.merge.ApplyResult;
import dev.registry.merge.KeyRecord;
import dev.registry.merge.Replica;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.node.gossip.DurableState;
import dev.registry.node.gossip.GossipCore;
import dev.registry.node.runtime.EventLoop;
import dev.registry.node.runtime.TimeSource;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state machine shell on its one thread: applies local writes (durable before they are
 * acknowledged and before they are gossiped), applies what replication brings, keeps leases, and
 * publishes views and events at the end of each batch. Every method runs on {@link #loop()} unless it
 * says otherwise.
 */
final class RegistryCore implements GossipCore.Listener, LeaseKeeper.Host, DurableState {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCore.class);
    private static final int MAX_APPEND_RETRIES = 50;

    private final String localId;
    private final EventLoop loop;
    private final Replica replica;
    private final RegistryStore store;
    private final TimeSource time;
    private final PublishedViews views = new PublishedViews();
    private final ChangeFeed feed = new ChangeFeed();
    private final List<Consumer<ApplyResult>> observers = new ArrayList<>();
    private GossipCore gossip;
    private Consumer<List<GossipCore.Outbound>> outbox;
    private Runnable pushDue = () -> { };
    private long loggedSinceSnapshot;
    /** Registry thread: the vector and clock covered by completed appends (the log forces in order). */
    private final dev.registry.node.gossip.DurableWatermark durable;
    private volatile boolean storageFailed;

    RegistryCore(String localId, EventLoop loop, Replica replica, RegistryStore store, TimeSource time) {
        this.localId = localId;
        this.loop = loop;
        this.replica = replica;
        this.store = store;
        this.time = time;
        this.durable = new dev.registry.node.gossip.DurableWatermark(replica);
    }

    @Override
    public dev.registry.oplog.VersionVector vector() {
        return durable.vector();
    }

    @Override
    public dev.registry.clock.Hlc clock() {
        return durable.clock();
    }

    /** Registry thread: called as an append is issued; its completion raises the durable watermark. */
    private void whenDurable(CompletableFuture<Long> append) {
        Runnable mark = durable.appendIssued();
        append.thenRun(() -> loop.execute(mark));
    }

    /**
     * @param whenPushDue run after own operations were handed to gossip: schedules the flush of the push
     *                    batch at its deadline (a few ms), rather than at the next periodic tick
     */
    void connect(GossipCore gossipCore, Consumer<List<GossipCore.Outbound>> sender, Runnable whenPushDue) {
        this.gossip = gossipCore;
        this.outbox = sender;
        this.pushDue = whenPushDue;
    }

    /** Observers of every applied result (leases, health checks, metrics); registry thread. */
    void observe(Consumer<ApplyResult> observer) {
        observers.add(observer);
    }

    EventLoop loop() {
        return loop;
    }

    Replica replica() {
        return replica;
    }

    @Override
    public String localId() {
        return localId;
    }

    @Override
    public String origin() {
        return replica.nodeId();
    }

    @Override
    public dev.registry.merge.RegistryState state() {
        return replica.state();
    }

    @Override
    public void writeLocal(InstanceKey key, OpPayload payload) {
        write(key, payload);
    }

    @Override
    public void later(Runnable task) {
        loop.execute(task);
    }

    PublishedViews views() {
        return views;
    }

    ChangeFeed feed() {
        return feed;
    }

    boolean storageFailed() {
        return storageFailed;
    }

    long loggedSinceSnapshot() {
        return loggedSinceSnapshot;
    }

    void snapshotTaken() {
        loggedSinceSnapshot = 0;
    }

    dev.registry.node.gossip.DurableWatermark durable() {
        return durable;
    }

    /** After recovery: every view from the recovered state. */
    void publishAll() {
        views.rebuildAll(replica.state());
        endOfBatch();
    }

    /**
     * A local write: applied and visible at once, acknowledged (the future completes, on the registry
     * thread) only once durable, and handed to gossip only then (rule G1).
     */
    CompletableFuture<ApplyResult> write(InstanceKey key, OpPayload payload) {
        Operation op = replica.write(key, payload, time.wallMillis());
        ApplyResult result = replica.lastResult();
        applied(result);
        CompletableFuture<ApplyResult> done = new CompletableFuture<>();
        persistOwn(List.of(op), 0, () -> done.complete(result), done::completeExceptionally);
        return done;
    }

    /** Many local writes in one durable append (batch registration): one fsync, one push. */
    CompletableFuture<List<ApplyResult>> writeAll(List<InstanceKey> keys, List<OpPayload> payloads) {
        List<Operation> ops = new ArrayList<>(keys.size());
        List<ApplyResult> results = new ArrayList<>(keys.size());
        long now = time.wallMillis();
        for (int i = 0; i < keys.size(); i++) {
            ops.add(replica.write(keys.get(i), payloads.get(i), now));
            ApplyResult result = replica.lastResult();
            results.add(result);
            applied(result);
        }
        CompletableFuture<List<ApplyResult>> done = new CompletableFuture<>();
        persistOwn(ops, 0, () -> done.complete(results), done::completeExceptionally);
        return done;
    }

    private void persistOwn(List<Operation> ops, int attempt, Runnable onDurable, Consumer<Throwable> onFailure) {
        CompletableFuture<Long> append = ops.size() == 1 ? store.append(ops.get(0)) : store.appendAll(ops);
        whenDurable(append);
        loggedSinceSnapshot += ops.size();
        append.whenComplete((position, error) -> loop.execute(() -> {
            if (error == null) {
                send(gossip.localOpsDurable(ops, time.wallMillis()));
                pushDue.run();
                onDurable.run();
            } else if (attempt < MAX_APPEND_RETRIES) {
                // Busy or transient: the operations are applied and own sequence numbers taken, so they
                // must reach the log; retry rather than leave a gap peers would wait on forever.
                loop.schedule(() -> persistOwn(ops, attempt + 1, onDurable, onFailure), 10L * (attempt + 1));
            } else {
                storageFailed = true;
                LOG.error("node {}: cannot persist operations; refusing writes from now on", localId, error);
                onFailure.accept(error);
            }
        }));
    }

    @Override
    public void applied(String fromMember, List<Operation> ops, List<ApplyResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Operation> appliedOps = new ArrayList<>(results.size());
        for (ApplyResult result : results) {
            appliedOps.add(result.op());
            applied(result);
        }
        CompletableFuture<Long> append = store.appendAll(appliedOps, ops);
        whenDurable(append);
        append.whenComplete((position, error) -> {
            if (error != null) {
                LOG.warn("node {}: could not persist {} replicated operations; anti-entropy will resend them "
                        + "after a restart", localId, appliedOps.size(), error);
            }
        });
        loggedSinceSnapshot += appliedOps.size();
    }

    @Override
    public void snapshotInstalled(String fromMember, List<ApplyResult> results) {
        LOG.info("node {}: installed a state snapshot from {} ({} changes)", localId, fromMember, results.size());
        for (ApplyResult result : results) {
            applied(result);
        }
        // The installed state is not in our log: make the next maintenance write a snapshot of it, and report
        // nothing durable beyond it until that snapshot is saved.
        durable.snapshotInstalled();
        loggedSinceSnapshot = Long.MAX_VALUE / 2;
    }

    private void applied(ApplyResult result) {
        views.applied(result);
        feed.applied(result, replica.state().serviceIndex(result.key().service()));
        for (Consumer<ApplyResult> observer : observers) {
            observer.accept(result);
        }
    }

    /** End of every loop batch: publish what changed, then tell watchers and waiters. */
    void endOfBatch() {
        Set<String> changed = views.publish(replica.state());
        feed.deliver(changed, views::serviceIndex);
    }

    void send(List<GossipCore.Outbound> out) {
        if (!out.isEmpty()) {
            outbox.accept(out);
        }
    }

    Instance instance(InstanceKey key) {
        return replica.state().get(key).map(Instance::new).orElse(null);
    }

    /** A visible instance, for the write paths. */
    record Instance(InstanceState state) {
        InstanceStatus status() {
            return state.status();
        }
    }

    /** The operations that shaped an instance, newest first: retained log entries plus winning registers. */
    List<HistoryEntry> history(InstanceKey key) {
        List<HistoryEntry> entries = new ArrayList<>();
        Set<Stamp> seen = new java.util.HashSet<>();
        for (Operation op : replica.log().forKey(key)) {
            seen.add(op.stamp());
            entries.add(new HistoryEntry(op.kind().name(), op.origin(), op.seq(), op.hlc().wallMillis(),
                    op.hlc().logical(), describe(op.payload())));
        }
        replica.state().record(key).ifPresent(record -> addRegisters(record, seen, entries));
        entries.sort(Comparator.comparingLong(HistoryEntry::time).thenComparingInt(HistoryEntry::logical)
                .thenComparing(HistoryEntry::origin).reversed());
        return entries;
    }

    /**
     * Operations compacted out of the log still show through the registers they won: each register
     * keeps the stamp of its winning operation.
     */
    private static void addRegisters(KeyRecord record, Set<Stamp> seen, List<HistoryEntry> entries) {
        addRegister(entries, seen, "REGISTRATION", record.registrationStamp(), null);
        addRegister(entries, seen, "STATUS", record.statusStamp(), String.valueOf(record.status()));
        addRegister(entries, seen, "HEALTH", record.healthStamp(), String.valueOf(record.health()));
        addRegister(entries, seen, "OWNER", record.ownerStamp(), record.owner());
        addRegister(entries, seen, record.liveness() == null ? "LIVENESS" : record.liveness().name(),
                record.livenessStamp(), null);
    }

    private static void addRegister(List<HistoryEntry> entries, Set<Stamp> seen, String kind, Stamp stamp,
                                    String detail) {
        if (stamp != null && seen.add(stamp)) {
            entries.add(new HistoryEntry(kind, stamp.origin(), 0, stamp.hlc().wallMillis(), stamp.hlc().logical(),
                    detail));
        }
    }

    private static String describe(OpPayload payload) {
        if (payload instanceof OpPayload.Register r) {
            return r.registration().host() + ":" + r.registration().port() + " " + r.status() + " owner " + r.owner();
        } else if (payload instanceof OpPayload.Update u) {
            return u.registration().host() + ":" + u.registration().port();
        } else if (payload instanceof OpPayload.SetStatus s) {
            return s.status().name();
        } else if (payload instanceof OpPayload.SetHealth h) {
            return h.health().name();
        } else if (payload instanceof OpPayload.Adopt a) {
            return "owner " + a.owner();
        }
        return null;
    }
}
