package dev.registry.node.registry;

import dev.registry.api.ClusterStatus;
import dev.registry.api.MemberList;
import dev.registry.merge.Replica;
import dev.registry.membership.PeerMessaging;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.gossip.GossipCore;
import dev.registry.node.gossip.GossipService;
import dev.registry.node.lease.LeaseTable;
import dev.registry.node.runtime.EventLoop;
import dev.registry.node.runtime.Threads;
import dev.registry.node.runtime.TimeSource;
import dev.registry.node.storage.RecordLog;
import dev.registry.node.storage.Snapshots;
import dev.registry.node.storage.StorageConfig;
import dev.registry.node.wire.WireCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's replicated registry: recovery from its own disk, the registry thread, gossip over
 * {@link PeerMessaging}, leases and maintenance, behind {@link NodeRegistry}. Membership comes in as a
 * {@link ClusterView} supplier, so the same code runs over Raft membership or a test's fixed view.
 */
public final class ReplicatedRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedRegistry.class);

    private final String localId;
    private final RegistryConfig config;
    private final GossipConfig gossipConfig;
    private final TimeSource time;
    private final Random random;
    private final PeerMessaging messaging;
    private final Supplier<ClusterView> clusterSource;
    private final RegistryStore store;
    private final WireCodec codec = new WireCodec();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    private EventLoop loop;
    private RegistryCore core;
    private GossipCore gossip;
    private GossipService gossipService;
    private LeaseKeeper leases;
    private Maintenance maintenance;
    private NodeRegistry registry;
    private ExecutorService snapshotWriter;
    private volatile ClusterView view;
    private volatile boolean caughtUp;
    /** A new incarnation writes only after witnessing a peer's clock (see GossipCore.heardFromPeer). */
    private volatile boolean writesOpen;
    private volatile long startedAt;
    private RegistryStore.Recovered recovered;

    private ReplicatedRegistry(String localId, RegistryConfig config, GossipConfig gossipConfig, TimeSource time,
                               Random random, PeerMessaging messaging, Supplier<ClusterView> clusterSource,
                               RegistryStore store) {
        this.localId = localId;
        this.config = config;
        this.gossipConfig = gossipConfig;
        this.time = time;
        this.random = random;
        this.messaging = messaging;
        this.clusterSource = clusterSource;
        this.store = store;
    }

    /** A registry whose log and snapshots live under {@code dataDir}. */
    public static ReplicatedRegistry onDisk(String localId, Path dataDir, RegistryConfig config, GossipConfig gossip,
                                            StorageConfig storage, TimeSource time, Random random,
                                            PeerMessaging messaging, Supplier<ClusterView> cluster) throws IOException {
        return new ReplicatedRegistry(localId, config, gossip, time, random, messaging, cluster,
                RegistryStore.open(dataDir, storage, new WireCodec()));
    }

    /** A registry over given storage ports (in-memory twins in simulations); {@code identityDir} holds its origin. */
    public static ReplicatedRegistry over(String localId, Path identityDir, RecordLog log, Snapshots snapshots,
                                          RegistryConfig config, GossipConfig gossip, TimeSource time, Random random,
                                          PeerMessaging messaging, Supplier<ClusterView> cluster) {
        return new ReplicatedRegistry(localId, config, gossip, time, random, messaging, cluster,
                new RegistryStore(identityDir, log, snapshots, new WireCodec()));
    }

    /** Recovers from disk, then starts replication. Returns once the node can serve. */
    public void start() throws IOException {
        startedAt = time.monotonicMillis();
        view = clusterSource.get();
        recovered = store.recover(localId, time.wallMillis(), random);
        Replica replica = recovered.replica();
        LOG.info("node {}: recovered origin {} ({}; snapshot covers record {}, {} records replayed, {} instances)",
                localId, replica.nodeId(), recovered.newIncarnation() ? "new incarnation" : "existing data",
                recovered.snapshotCovers(), recovered.replayed(), replica.state().size());
        store.start();
        loop = new EventLoop("registry-" + localId, () -> core.endOfBatch());
        core = new RegistryCore(localId, loop, replica, store, time);
        gossip = new GossipCore(localId, replica, gossipConfig, random, core, core);
        gossipService = new GossipService(messaging, codec, loop, time, gossipConfig, () -> gossip,
                ops -> store.durableSoFar());
        core.connect(gossip, gossipService::send, this::schedulePush);
        leases = new LeaseKeeper(core, time::monotonicMillis, config.adoptionGrace(), () -> view, this::caughtUp,
                owner -> gossip.beaconOf(owner).map(b -> time.wallMillis() - b.receivedAt()
                        < config.adoptionGrace().toMillis()).orElse(false));
        core.observe(leases::applied);
        snapshotWriter = Executors.newSingleThreadExecutor(Threads.named("snapshot-" + localId));
        maintenance = new Maintenance(core, gossip, store, config, time, () -> view, snapshotWriter);
        registry = new NodeRegistry(core, leases,
                ops -> gossipService.confirm(ops, config.ackTimeout()), this::status, this::memberList,
                this::ready, () -> writesOpen, time::wallMillis, config.deadlineTolerance().toMillis());
        loop.start();
        gossipService.start();
        loop.submit(() -> {
            adoptRecoveredLeases();
            core.publishAll();
            tick(); // peers known before the first request (acks=2 needs them), first sync round sent
            return null;
        }).join();
        timers.add(loop.every(this::tick, config.tickInterval().toMillis()));
        timers.add(loop.every(maintenance::run, config.maintenanceInterval().toMillis()));
    }

    /** After a restart this node owns what the state says it owns, with a fresh TTL (heartbeats were not kept). */
    private void adoptRecoveredLeases() {
        var state = core.replica().state();
        for (String service : state.services()) {
            for (var instance : state.scanInstances(service)) {
                if (instance.owner().equals(localId)) {
                    leases.take(instance.key(), instance.registration().ttlSeconds());
                }
            }
        }
    }

    /**
     * Registry thread: flushes the push batch at its deadline (pushDelay, a few ms) instead of waiting for
     * the periodic tick (tens of ms), which would set the floor of propagation latency.
     */
    private void schedulePush() {
        if (pushScheduled) {
            return;
        }
        long delay = Math.max(0, gossip.nextWakeupAt() - time.wallMillis());
        if (delay >= config.tickInterval().toMillis()) {
            return;
        }
        pushScheduled = true;
        loop.schedule(() -> {
            pushScheduled = false;
            core.send(gossip.tick(time.wallMillis()));
        }, delay);
    }

    private boolean pushScheduled;
    private long lastBeaconAt;

    /**
     * Any thread: the membership changed (a member joined, left, or came back from a partition). The new
     * view is taken at once rather than at the next tick, so a returning peer is synced with without delay.
     */
    public void membershipChanged() {
        try {
            loop.execute(this::takeView);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopping: nothing to sync any more
        }
    }

    private void takeView() {
        view = clusterSource.get();
        core.send(gossip.setPeers(peersOf(view), time.wallMillis()));
    }

    /** Registry thread, every tick: membership, gossip rounds and pushes, lease expiry and adoption. */
    private void tick() {
        takeView();
        long now = time.wallMillis();
        core.send(gossip.tick(now));
        if (!caughtUp) {
            caughtUp = computeCaughtUp();
        }
        if (!writesOpen) {
            writesOpen = !recovered.newIncarnation() || peersOf(view).isEmpty() || gossip.heardFromPeer()
                    || time.monotonicMillis() - startedAt > config.readyTimeout().toMillis();
        }
        leases.tick();
        if (now - lastBeaconAt >= config.beaconInterval().toMillis()) {
            lastBeaconAt = now;
            core.send(gossip.beacon(leases.table().size(), leases.table().hash()));
        }
        latestStatus = statusOnLoop();
    }

    private static List<String> peersOf(ClusterView view) {
        List<String> peers = new ArrayList<>(view.live());
        peers.remove(view.localId());
        return peers;
    }

    private boolean computeCaughtUp() {
        if (peersOf(view).isEmpty() && view.membershipReady()) {
            return true;
        }
        for (String peer : gossip.peers()) {
            if (gossip.caughtUpWith(peer) && !gossip.receivingSnapshot()) {
                return true;
            }
        }
        return time.monotonicMillis() - startedAt > config.readyTimeout().toMillis();
    }

    private boolean caughtUp() {
        return caughtUp;
    }

    /** Recovered and caught up with a peer (or alone, or waited long enough): GET /ready. */
    public boolean ready() {
        return caughtUp && registry != null;
    }

    /** False only while a new incarnation waits to hear from a peer before its first write. */
    public boolean writable() {
        return writesOpen;
    }

    public NodeRegistry service() {
        return registry;
    }

    /** Hook for the HTTP-visible membership (the node composes it from Raft's view). */
    private volatile Supplier<MemberList> memberListSource = () -> new MemberList(0, null, List.of());
    private volatile Supplier<String> raftRole = () -> "unknown";
    private volatile Supplier<String> leader = () -> null;
    private volatile Supplier<Long> epoch = () -> 0L;

    public void describeMembership(Supplier<MemberList> members, Supplier<String> role, Supplier<String> leaderId,
                                   Supplier<Long> epochSource) {
        this.memberListSource = members;
        this.raftRole = role;
        this.leader = leaderId;
        this.epoch = epochSource;
    }

    private MemberList memberList() {
        return memberListSource.get();
    }

    /**
     * The status as of the last tick (at most one tick interval old). Never blocks: the HTTP layer calls
     * it from event loops. The registry thread computes it, so its counters are coherent.
     */
    public ClusterStatus status() {
        ClusterStatus status = latestStatus;
        return status != null ? status : loop.submit(this::statusOnLoop).join();
    }

    /** The status as of now: computed on the registry thread after what it has queued (tests, benchmarks). */
    public CompletableFuture<ClusterStatus> currentStatus() {
        return loop.submit(this::statusOnLoop);
    }

    private volatile ClusterStatus latestStatus;

    private ClusterStatus statusOnLoop() {
        var replica = core.replica();
        var state = replica.state();
        Map<String, Long> vector = replica.vector().asMap();
        return new ClusterStatus(localId, leader.get(), raftRole.get(), epoch.get(), vector,
                Long.toHexString(state.digest()), state.size(), state.services().size(), state.tombstones(),
                replica.log().size(), replica.pendingCount(), gossip.lagByPeer(), !view.hasQuorum(), ready(),
                state.index());
    }

    /** Metrics read these; each is a plain volatile read or a cheap counter. */
    public Stats stats() {
        return new Stats(this);
    }

    /** Live counters for metrics, read from any thread (values may be a moment old). */
    public static final class Stats {
        private final ReplicatedRegistry r;

        Stats(ReplicatedRegistry registry) {
            this.r = registry;
        }

        public int instances() {
            return r.core.views().summaries().stream().mapToInt(s -> s.instances()).sum();
        }

        public int services() {
            return r.core.views().summaries().size();
        }

        public LeaseTable leaseTable() {
            return r.leases.table();
        }

        public long expiries() {
            return r.leases.expiries();
        }

        public long adoptions() {
            return r.leases.adoptions();
        }

        public long pauses() {
            return r.leases.pauses();
        }

        public long gossipBytes() {
            return r.gossipService.bytesSent();
        }

        public long syncBytes() {
            return r.gossipService.syncBytesSent();
        }

        /** Gossip bytes that carried operations or state (not anti-entropy rounds in sync, not beacons). */
        public long opsBytes() {
            return r.gossipService.opsBytesSent();
        }

        public long compacted() {
            return r.maintenance.compacted();
        }

        public long tombstonesCollected() {
            return r.maintenance.collected();
        }

        public boolean degraded() {
            return !r.view.hasQuorum();
        }

        public int queued() {
            return r.loop.queued();
        }
    }

    /** Graceful stop: refuse writes, let queued work and appends finish, push what is durable, stop. */
    public void shutdown(Duration budget) {
        if (registry != null) {
            registry.stopWrites();
        }
        if (loop != null) {
            try {
                loop.submit(() -> store.durableSoFar()).thenCompose(f -> f)
                        .get(Math.max(1, budget.toMillis() / 2), TimeUnit.MILLISECONDS);
                loop.submit(() -> {
                    core.send(gossip.tick(Long.MAX_VALUE / 2));
                    return null;
                }).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("node {}: shutdown did not drain in time: {}", localId, e.toString());
            }
        }
        close();
    }

    @Override
    public void close() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        if (gossipService != null) {
            gossipService.close();
        }
        if (loop != null) {
            loop.close();
        }
        Threads.shutdown(snapshotWriter, 5_000);
        store.close();
    }

    /**
     * Tells {@code listener} (on the registry thread) about every instance this node owns as it appears or
     * changes, and {@code null} state when it stops owning it: what the health prober follows.
     */
    public void observeOwned(java.util.function.BiConsumer<dev.registry.model.InstanceKey,
            dev.registry.model.InstanceState> listener) {
        loop.execute(() -> core.observe(result -> {
            var after = result.after();
            if (after != null && after.owner().equals(localId)) {
                listener.accept(result.key(), after);
            } else if (result.before() != null && result.before().owner().equals(localId)) {
                listener.accept(result.key(), null);
            }
        }));
    }

    /** Reports, on the registry thread, the age in ms of every operation applied from another origin. */
    public void observePropagation(java.util.function.LongConsumer millis) {
        loop.execute(() -> core.observe(result -> {
            if (result.op() != null && !result.op().origin().equals(core.replica().nodeId())) {
                millis.accept(time.wallMillis() - result.op().hlc().wallMillis());
            }
        }));
    }

    /** An owned instance's health changed (from its active checks): replicated as SET_HEALTH. */
    public void reportHealth(String service, String id, dev.registry.api.Health health) {
        var key = new dev.registry.model.InstanceKey(service, id);
        loop.execute(() -> {
            var instance = core.replica().state().get(key);
            if (instance.isPresent() && instance.get().owner().equals(localId) && instance.get().health() != health) {
                core.write(key, new dev.registry.oplog.OpPayload.SetHealth(health));
            }
        });
    }

    /** Test and benchmark access: run something on the registry thread. */
    public <T> CompletableFuture<T> onRegistryThread(Supplier<T> task) {
        return loop.submit(task);
    }

    public long digest() {
        return onRegistryThread(() -> core.replica().state().digest()).join();
    }
}
