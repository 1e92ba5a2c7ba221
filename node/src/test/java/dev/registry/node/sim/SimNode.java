package dev.registry.node.sim;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.merge.ApplyResult;
import dev.registry.merge.RegistryState;
import dev.registry.merge.Replica;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.model.Registration;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.gossip.GossipCore;
import dev.registry.node.registry.ClusterView;
import dev.registry.node.registry.LeaseKeeper;
import dev.registry.node.registry.RegistryConfig;
import dev.registry.node.wire.Message;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.OpKind;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;
import dev.registry.sim.SimContext;
import dev.registry.sim.SimProcess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One registry node on virtual time, composed as {@code ReplicatedRegistry} composes the real one: a
 * {@link Replica}, the real {@link GossipCore} and {@link LeaseKeeper}, maintenance as
 * {@code Maintenance.run}, and a simulated disk ({@link SimDisk}). Appends become durable after a
 * random virtual delay, in order; an own operation is acknowledged and handed to gossip only then
 * (G1, D1). A crash drops everything not durable; a restart replays the disk (D3) and re-takes the
 * leases of what the recovered state says this node owns.
 *
 * <p>All methods run on the simulation thread. {@link Variant} switches in one deliberate bug, to
 * show that the checks catch it.
 */
final class SimNode implements SimProcess<Message>, LeaseKeeper.Host, GossipCore.Listener {

    enum Variant {
        FAITHFUL,
        /** Breaks G1: own operations are pushed as soon as they are written, before they are durable. */
        PUSH_BEFORE_DURABLE,
        /** Breaks M2: tombstones are collected below the node's own clock instead of the stable stamp. */
        COLLECT_EAGERLY,
        /** Breaks L4: the lease keeper is told it has quorum even on the minority side. */
        IGNORE_QUORUM
    }

    /**
     * @param skewMillis       added to virtual time to give this node's wall clock (HLC input)
     * @param maxDiskDelayMillis an append is durable 1..this many virtual ms after it is issued
     * @param snapshotEveryOps  logged operations after which maintenance writes a snapshot (small, so
     *                          snapshots and log truncation happen within a short run)
     */
    record Config(Variant variant, long skewMillis, long maxDiskDelayMillis, long snapshotEveryOps,
                  RegistryConfig registry, GossipConfig gossip) {
    }


    private final String id;
    private final SimWorld world;
    private final Config config;
    private final SimStore store;
    private final ArrayDeque<Runnable> later = new ArrayDeque<>();

    // Volatile state: gone with a crash.
    private boolean up;
    private SimContext<Message> ctx;
    private Replica replica;
    private GossipCore gossip;
    private LeaseKeeper leases;
    private ClusterView view;
    private boolean caughtUp;
    private long startedAt;
    private long lastMaintenanceAt;
    /** As RegistryCore: the vector and clock covered by completed appends, what gossip may report (G5). */
    private dev.registry.node.gossip.DurableWatermark durable;
    /** As ReplicatedRegistry: a new incarnation takes writes once it heard from a peer. */
    private boolean newIncarnation;
    private boolean writesOpen;
    private final java.util.Map<InstanceKey, Stamp> tombstonesSeen = new java.util.HashMap<>();

    // Counters over the whole run (survive crashes): evidence that the interesting paths ran.
    long snapshotsInstalled;
    long compacted;
    long collected;
    long restarts;

    SimNode(String id, SimWorld world, Config config) {
        this.id = id;
        this.world = world;
        this.config = config;
        this.store = new SimStore(world, id, config.maxDiskDelayMillis(), config.snapshotEveryOps(),
                config.registry().snapshotInterval().toMillis());
    }

    String id() {
        return id;
    }

    boolean up() {
        return up;
    }

    Replica replica() {
        return replica;
    }

    GossipCore gossip() {
        return gossip;
    }

    /** Called by the harness once before the run, and by a restart. */
    void boot(SimContext<Message> context) {
        ctx = context;
        up = true;
        later.clear();
        replica = store.recover(context, wall());
        newIncarnation = store.lastRecoveryFresh();
        writesOpen = false;
        durable = new dev.registry.node.gossip.DurableWatermark(replica);
        view = world.viewOf(id);
        gossip = new GossipCore(id, replica, config.gossip(), new Random(context.random().nextLong()), this, durable);
        leases = new LeaseKeeper(this, context::now, config.registry().adoptionGrace(), this::leaseView,
                () -> caughtUp);
        caughtUp = false;
        startedAt = context.now();
        lastMaintenanceAt = context.now();
        tombstonesSeen.clear();
        adoptRecoveredLeases();
    }

    private ClusterView leaseView() {
        if (config.variant() != Variant.IGNORE_QUORUM) {
            return view;
        }
        return new ClusterView(id, view.live(), view.members(), view.gone(), true, view.membershipReady());
    }

    /** As ReplicatedRegistry.adoptRecoveredLeases: own what the recovered state says, with a fresh TTL. */
    private void adoptRecoveredLeases() {
        RegistryState state = replica.state();
        for (String service : state.services()) {
            for (InstanceState instance : state.instances(service)) {
                if (instance.owner().equals(id)) {
                    leases.take(instance.key(), instance.registration().ttlSeconds());
                }
            }
        }
    }

    void wipeDisk() {
        store.wipe();
    }

    /** The origin on this node's disk (survives a crash; null after a wipe until the restart). */
    String storeOrigin() {
        return store.origin();
    }

    long durableSeqOf(String origin) {
        return store.durableSeqOf(origin);
    }

    private long wall() {
        return ctx.now() + config.skewMillis();
    }

    // ---- SimProcess ----

    @Override
    public void onMessage(String from, Message message, SimContext<Message> context) {
        if (!world.delivers(from, id)) {
            return;
        }
        send(gossip.receive(from, message, wall()));
        drainLater();
    }

    @Override
    public void onTick(SimContext<Message> context) {
        view = world.viewOf(id);
        long now = wall();
        List<String> peers = new ArrayList<>(view.live());
        peers.remove(id);
        send(gossip.setPeers(peers, now));
        send(gossip.tick(now));
        if (!caughtUp) {
            caughtUp = computeCaughtUp(peers);
        }
        if (!writesOpen) {
            writesOpen = !newIncarnation || peers.isEmpty() || gossip.heardFromPeer()
                    || ctx.now() - startedAt > config.registry().readyTimeout().toMillis();
        }
        leases.tick();
        drainLater();
        if (ctx.now() - lastMaintenanceAt >= config.registry().maintenanceInterval().toMillis()) {
            lastMaintenanceAt = ctx.now();
            maintenance();
        }
    }

    private boolean computeCaughtUp(List<String> peers) {
        if (peers.isEmpty() && view.membershipReady()) {
            return true;
        }
        for (String peer : gossip.peers()) {
            if (gossip.caughtUpWith(peer) && !gossip.receivingSnapshot()) {
                return true;
            }
        }
        return ctx.now() - startedAt > config.registry().readyTimeout().toMillis();
    }

    @Override
    public void onCrash() {
        up = false;
        store.crash();
        later.clear();
        replica = null;
        gossip = null;
        leases = null;
    }

    @Override
    public void onRestart(SimContext<Message> context) {
        restarts++;
        boot(context);
    }

    // ---- Maintenance.run ----

    private void maintenance() {
        if (view.membershipReady()) {
            compacted += replica.compact(gossip.frontier(view.members()));
            Hlc stable = config.variant() == Variant.COLLECT_EAGERLY ? replica.clock().current()
                    : gossip.stableBefore(view.members());
            collected += replica.collectTombstones(stable);
        }
        long horizon = wall() - config.registry().tombstoneHorizon().toMillis();
        if (horizon > 0) {
            collected += replica.collectTombstones(new Hlc(horizon, 0));
        }
        store.maybeSnapshot(replica, durable);
    }

    // ---- LeaseKeeper.Host ----

    @Override
    public String localId() {
        return id;
    }

    @Override
    public String origin() {
        return replica.nodeId();
    }

    @Override
    public RegistryState state() {
        return replica.state();
    }

    @Override
    public void writeLocal(InstanceKey key, OpPayload payload) {
        if (payload instanceof OpPayload.Adopt) {
            world.ledger.leaseAdoptions++;
        } else if (payload instanceof OpPayload.Register) {
            world.ledger.leaseRevivals++;
        }
        write(key, payload, false);
    }

    @Override
    public void later(Runnable task) {
        later.add(task);
    }

    private void drainLater() {
        while (up && !later.isEmpty()) {
            later.poll().run();
        }
    }

    // ---- GossipCore.Listener ----

    @Override
    public void applied(String fromMember, List<Operation> ops, List<ApplyResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Operation> appliedOps = new ArrayList<>(results.size());
        for (ApplyResult result : results) {
            appliedOps.add(result.op());
            world.ledger.known(result.op());
            observe(result);
        }
        store.appendReplicated(appliedOps, durable.appendIssued());
    }

    @Override
    public void snapshotInstalled(String fromMember, List<ApplyResult> results) {
        snapshotsInstalled++;
        for (ApplyResult result : results) {
            observe(result);
        }
        durable.snapshotInstalled();
        store.snapshotInstalled();
    }

    private void observe(ApplyResult result) {
        watchResurrection(result);
        leases.applied(result);
    }

    /**
     * I3 while running: once this incarnation applied a tombstone of a key, the key may become visible
     * again only through a REGISTER stamped after it (LWW liveness). Catches a resurrection that a later
     * repair would hide from the end-of-run checks. It guards the state's own rules (C12: nothing stamped
     * below the collection horizon is applied); no node-level variant can provoke it, since even eager
     * collection raises the horizon with it.
     */
    private void watchResurrection(ApplyResult result) {
        Operation op = result.op();
        if (op != null && (op.kind() == OpKind.DEREGISTER || op.kind() == OpKind.EXPIRE)) {
            tombstonesSeen.merge(op.key(), op.stamp(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Stamp tomb = tombstonesSeen.get(result.key());
        if (result.change() == ApplyResult.Change.REGISTERED && tomb != null
                && !result.after().livenessStamp().isAfter(tomb)) {
            world.ledger.resurrected(id + " made " + result.key() + " visible at liveness "
                    + result.after().livenessStamp() + " after applying its tombstone " + tomb);
        }
    }

    // ---- writes (RegistryCore.write / NodeRegistry) ----

    /** A local write: applied at once; durable, then acknowledged (if {@code client}) and pushed. */
    private Operation write(InstanceKey key, OpPayload payload, boolean client) {
        Operation op = replica.write(key, payload, wall());
        world.ledger.expireWritten(id, op, ctx.now(), !world.hasQuorum(id));
        observe(replica.lastResult());
        if (config.variant() == Variant.PUSH_BEFORE_DURABLE) {
            world.ledger.known(op);
            send(gossip.localOpsDurable(List.of(op), wall()));
        }
        Runnable markDurable = durable.appendIssued();
        store.appendOwn(op, () -> {
            markDurable.run();
            if (config.variant() != Variant.PUSH_BEFORE_DURABLE) {
                send(gossip.localOpsDurable(List.of(op), wall()));
            }
            if (client) {
                world.ledger.acknowledged(op);
            } else {
                world.ledger.known(op);
            }
            drainLater();
        });
        return op;
    }

    private void send(List<GossipCore.Outbound> out) {
        for (GossipCore.Outbound o : out) {
            ctx.send(o.to(), o.message());
        }
    }

    // ---- client requests (NodeRegistry's write paths); false when this node cannot take them ----

    boolean register(InstanceKey key, Registration registration, InstanceStatus status) {
        if (!up || !writesOpen) {
            return false;
        }
        leases.take(key, registration.ttlSeconds());
        write(key, new OpPayload.Register(registration, status, id), true);
        drainLater();
        return true;
    }

    /** NodeRegistry.heartbeat: renew when owned here, otherwise take the lease over with an ADOPT. */
    boolean heartbeat(InstanceKey key) {
        if (!up || !writesOpen) {
            return false;
        }
        Optional<InstanceState> instance = replica.state().get(key);
        if (instance.isEmpty()) {
            return false;
        }
        if (!leases.heartbeat(key)) {
            leases.take(key, instance.get().registration().ttlSeconds());
            write(key, new OpPayload.Adopt(id), true);
            drainLater();
        }
        return true;
    }

    boolean setStatus(InstanceKey key, InstanceStatus status) {
        return existing(key, new OpPayload.SetStatus(status));
    }

    boolean deregister(InstanceKey key) {
        return existing(key, new OpPayload.Deregister());
    }

    private boolean existing(InstanceKey key, OpPayload payload) {
        if (!up || !writesOpen || replica.state().get(key).isEmpty()) {
            return false;
        }
        write(key, payload, true);
        drainLater();
        return true;
    }
}
