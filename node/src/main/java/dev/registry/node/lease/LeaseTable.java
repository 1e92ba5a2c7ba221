package dev.registry.node.lease;

import dev.registry.model.InstanceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The leases this node owns: heartbeats renew them here and are never replicated (rule L1).
 * Only the owner expires a lease (L2), so this table is the whole of expiry. Pure and single-threaded
 * (the registry thread); times are monotonic milliseconds handed in by the caller.
 */
public final class LeaseTable {

    private record Deadline(long at, InstanceKey key, long generation) {
    }

    private static final class Lease {
        long deadline;
        long ttlMillis;
        long generation;
        long lastRenewed;
    }

    private final Map<InstanceKey, Lease> leases = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
    private long hash;

    /** Takes or renews the lease of {@code key} for {@code ttlSeconds} from {@code nowMillis}. */
    public void renew(InstanceKey key, int ttlSeconds, long nowMillis) {
        Lease lease = leases.get(key);
        if (lease == null) {
            lease = new Lease();
            leases.put(key, lease);
            hash += mix(key);
        }
        lease.ttlMillis = ttlSeconds * 1_000L;
        lease.deadline = nowMillis + lease.ttlMillis;
        lease.lastRenewed = nowMillis;
        lease.generation++;
        deadlines.add(new Deadline(lease.deadline, key, lease.generation));
        compactQueueIfBloated();
    }

    /** Renews with the lease's current TTL; false when this node does not own the lease. */
    public boolean heartbeat(InstanceKey key, long nowMillis) {
        Lease lease = leases.get(key);
        if (lease == null) {
            return false;
        }
        renew(key, (int) (lease.ttlMillis / 1_000L), nowMillis);
        return true;
    }

    /** Renews every lease with its own TTL from {@code nowMillis}: after this node was paused (rule L5). */
    public void renewAll(long nowMillis) {
        for (InstanceKey key : new java.util.ArrayList<>(leases.keySet())) {
            renew(key, (int) (leases.get(key).ttlMillis / 1_000L), nowMillis);
        }
    }

    /** Gives the lease up: another node owns it now, or the instance is gone. */
    public void release(InstanceKey key) {
        if (leases.remove(key) != null) {
            hash -= mix(key);
        }
    }

    public boolean owns(InstanceKey key) {
        return leases.containsKey(key);
    }

    /** True while the lease is owned here and not past its deadline. */
    public boolean live(InstanceKey key, long nowMillis) {
        Lease lease = leases.get(key);
        return lease != null && lease.deadline > nowMillis;
    }

    /**
     * Leases past their deadline, at most {@code max}, earliest first. They stay owned until the
     * caller releases them (after writing EXPIRE), so a caller that may not expire now (degraded,
     * not yet caught up) loses nothing by asking.
     */
    public List<InstanceKey> expired(long nowMillis, int max) {
        List<InstanceKey> out = new ArrayList<>();
        List<Deadline> keep = new ArrayList<>();
        while (!deadlines.isEmpty() && deadlines.peek().at() <= nowMillis && out.size() < max) {
            Deadline d = deadlines.poll();
            Lease lease = leases.get(d.key());
            if (lease == null || lease.generation != d.generation()) {
                continue;
            }
            out.add(d.key());
            keep.add(d);
        }
        deadlines.addAll(keep);
        return out;
    }

    public int size() {
        return leases.size();
    }

    /** An order-independent hash of the owned keys: the beacon's summary of this node's leases. */
    public long hash() {
        return hash;
    }

    private static long mix(InstanceKey key) {
        long h = key.hashCode() * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 31);
    }

    /** Renewals leave stale entries behind; rebuild when they outnumber live leases by far. */
    private void compactQueueIfBloated() {
        if (deadlines.size() > 4 * leases.size() + 1_024) {
            deadlines.clear();
            for (Map.Entry<InstanceKey, Lease> e : leases.entrySet()) {
                deadlines.add(new Deadline(e.getValue().deadline, e.getKey(), e.getValue().generation));
            }
        }
    }
}
