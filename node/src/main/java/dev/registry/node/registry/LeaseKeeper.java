package dev.registry.node.registry;

import dev.registry.merge.ApplyResult;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.node.lease.AdoptionRule;
import dev.registry.node.lease.LeaseTable;
import dev.registry.oplog.OpPayload;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lease rules on the registry thread (numbered in node/README.md):
 * L1 heartbeats renew the owner's lease and are never replicated;
 * L2 only the owner expires a lease, by an EXPIRE operation;
 * L3 survivors adopt a gone owner's leases by rendezvous hashing after a grace period;
 * L4 a node without a Raft majority, or not yet caught up, expires and adopts nothing (I5, P12);
 * L5 no node re-registers an instance on its own to undo another node's expiry: a fresh stamp could beat
 *    a deregistration it has not seen yet (I3; the chaos suite caught it); the client re-registers when its
 *    heartbeat answers 404;
 * L6 a node whose tick comes far too late (it was paused: GC, SIGSTOP, a starved CPU) renews every lease it
 *    holds instead of expiring them: while it was stopped its clients could not reach it, and its leases may
 *    have moved to others, which it learns within a round.
 */
public final class LeaseKeeper {

    /**
     * What the lease rules need of the registry around them: the state to read and a way to write an
     * operation. The node's registry core implements it on its thread; simulations implement it on
     * virtual time.
     */
    public interface Host {
        String localId();

        /** This node's origin id (node id plus incarnation), to tell its own operations from others'. */
        String origin();

        dev.registry.merge.RegistryState state();

        /** Applies (and eventually replicates) a local operation. */
        void writeLocal(InstanceKey key, OpPayload payload);

        /** Runs {@code task} after the current one, on the same thread (writes from inside an observer). */
        void later(Runnable task);
    }

    private static final int MAX_EXPIRIES_PER_TICK = 1_000;

    private final Host core;
    private final java.util.function.Predicate<String> stillBeaconing;
    private final java.util.function.LongSupplier monotonicMillis;
    private final java.time.Duration adoptionGrace;
    private final Supplier<ClusterView> cluster;
    private final Supplier<Boolean> caughtUp;
    private final LeaseTable leases = new LeaseTable();
    private final Map<String, Long> goneSince = new HashMap<>();
    private Set<String> adoptedFor = Set.of();
    private long lastAdoptionScan;
    private long expiries;
    private long adoptions;
    private long pauses;
    private long lastTickAt;
    /** A tick this late means the node was stopped, not that clients went quiet (ticks are 10-50 ms). */
    private static final long PAUSE_MILLIS = 2_000;

    /**
     * @param monotonicMillis a monotonic clock in milliseconds (lease deadlines)
     * @param adoptionGrace   how long an owner must have been gone before its leases are adopted
     */
    public LeaseKeeper(Host core, java.util.function.LongSupplier monotonicMillis, java.time.Duration adoptionGrace,
                       Supplier<ClusterView> cluster, Supplier<Boolean> caughtUp) {
        this(core, monotonicMillis, adoptionGrace, cluster, caughtUp, owner -> false);
    }

    /**
     * @param stillBeaconing true for an owner whose liveness beacon arrived within the grace period: it is
     *                       alive and renewing whatever Raft says, so its leases are not adopted (L3)
     */
    public LeaseKeeper(Host core, java.util.function.LongSupplier monotonicMillis, java.time.Duration adoptionGrace,
                       Supplier<ClusterView> cluster, Supplier<Boolean> caughtUp,
                       java.util.function.Predicate<String> stillBeaconing) {
        this.stillBeaconing = stillBeaconing;
        this.core = core;
        this.monotonicMillis = monotonicMillis;
        this.adoptionGrace = adoptionGrace;
        this.cluster = cluster;
        this.caughtUp = caughtUp;
    }

    public LeaseTable table() {
        return leases;
    }

    public long expiries() {
        return expiries;
    }

    public long adoptions() {
        return adoptions;
    }

    /** Times this node found it had been paused and renewed its leases instead of expiring them (L6). */
    public long pauses() {
        return pauses;
    }

    /**
     * Follows ownership through every applied result. A registration written here takes (or renews) its
     * lease with the registration's TTL: the write paths leave that to this one lookup.
     */
    public void applied(ApplyResult result) {
        InstanceKey key = result.key();
        InstanceState after = result.after();
        if (after != null) {
            if (after.owner().equals(core.localId())) {
                if (ownRegistration(result) || !leases.owns(key)) {
                    // The clock is read only here: a replicated change of another owner's instance needs none.
                    leases.renew(key, after.registration().ttlSeconds(), monotonicMillis.getAsLong());
                }
            } else {
                leases.release(key);
            }
            return;
        }
        if (result.change() == ApplyResult.Change.DEREGISTERED || result.change() == ApplyResult.Change.EXPIRED) {
            leases.release(key);
        }
    }

    private boolean ownRegistration(ApplyResult result) {
        return result.op() != null && result.op().kind() == dev.registry.oplog.OpKind.REGISTER
                && result.op().origin().equals(core.origin());
    }

    /** Heartbeat (L1): renews when owned here; false means the caller must adopt first. */
    public boolean heartbeat(InstanceKey key) {
        return leases.heartbeat(key, monotonicMillis.getAsLong());
    }

    public void take(InstanceKey key, int ttlSeconds) {
        leases.renew(key, ttlSeconds, monotonicMillis.getAsLong());
    }

    /** Expiry (L2) and adoption (L3), unless this node may not act now (L4). */
    public void tick() {
        long tickAt = monotonicMillis.getAsLong();
        long gap = lastTickAt == 0 ? 0 : tickAt - lastTickAt;
        lastTickAt = tickAt;
        if (gap > PAUSE_MILLIS) {
            pauses++;
            leases.renewAll(tickAt);
            return;
        }
        ClusterView view = cluster.get();
        if (!view.hasQuorum() || !caughtUp.get()) {
            return;
        }
        long now = monotonicMillis.getAsLong();
        for (InstanceKey key : leases.expired(now, MAX_EXPIRIES_PER_TICK)) {
            leases.release(key);
            if (core.state().get(key).isPresent()) {
                expiries++;
                core.writeLocal(key, new OpPayload.Expire());
            }
        }
        adoptFromGone(view, now);
    }

    private void adoptFromGone(ClusterView view, long now) {
        if (!view.membershipReady()) {
            return;
        }
        goneSince.keySet().retainAll(view.gone());
        Set<String> settled = new HashSet<>();
        for (String member : view.gone()) {
            long since = goneSince.computeIfAbsent(member, m -> now);
            if (now - since >= adoptionGrace.toMillis() && !stillBeaconing.test(member)) {
                settled.add(member);
            }
        }
        // Rescan when the set of gone owners changes, and now and then anyway: instances of a gone owner
        // may arrive later by anti-entropy.
        boolean rescanDue = now - lastAdoptionScan >= 10 * adoptionGrace.toMillis();
        if (settled.isEmpty() || settled.equals(adoptedFor) && !rescanDue) {
            return;
        }
        adoptedFor = Set.copyOf(settled);
        lastAdoptionScan = now;
        List<String> live = List.copyOf(view.live());
        for (String service : core.state().services()) {
            for (InstanceState instance : core.state().scanInstances(service)) {
                if (settled.contains(instance.owner())
                        && core.localId().equals(AdoptionRule.adopterOf(instance.key(), live))) {
                    adoptions++;
                    leases.renew(instance.key(), instance.registration().ttlSeconds(), now);
                    core.writeLocal(instance.key(), new OpPayload.Adopt(core.localId()));
                }
            }
        }
    }
}
