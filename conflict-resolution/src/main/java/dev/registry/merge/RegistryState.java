package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The materialized registry: per key a product of last-writer-wins registers (registration, status,
 * health, owner, liveness), joined by {@link #apply}. Applying any permutation of a set of
 * operations, with duplicates, yields the same registers and the same {@link #digest()}
 * (README rules C1-C8, C12-C14). Mutable and NOT thread-safe: one owner thread (the node's registry
 * event loop) calls everything; readers on other threads need the owner to publish copies.
 */
public final class RegistryState {

    private final Map<String, ServiceBucket> buckets = new HashMap<>();
    private final Map<String, Origin> origins = new HashMap<>();
    /** Tombstoned and partial keys: the only candidates for collection. Indexed by KeyEntry.invisibleSlot. */
    private final ArrayList<KeyEntry> invisible = new ArrayList<>();
    private final TreeSet<String> liveServices = new TreeSet<>();
    /**
     * Packed HLC below which tombstones were collected (the greatest bound ever passed to
     * {@link #collectTombstones}). By the Stability contract every operation stamped below it has
     * already been applied here, so anything stamped below it that arrives again is old news; it
     * must be ignored, because the tombstone that would have beaten it may be gone (rule C12).
     */
    private long horizon;
    private long index;
    private long digest;
    private int visible;

    /** The join of one operation into the state. Never fails for a well-formed operation. */
    public ApplyResult apply(Operation op) {
        Origin origin = intern(op.origin());
        Origin owner = switch (op.kind()) {
            case REGISTER -> intern(((OpPayload.Register) op.payload()).owner());
            case ADOPT -> intern(((OpPayload.Adopt) op.payload()).owner());
            default -> null;
        };
        long hlc = op.hlc().pack();
        if (hlc < horizon) {
            return ignored(op, op.key());
        }
        ServiceBucket bucket = bucket(op.key().service());
        KeyEntry entry = entry(bucket, op.key());
        boolean wasVisible = entry.visible();
        InstanceState before = wasVisible ? entry.view() : null;
        long oldHash = wasVisible ? entry.digestHash() : 0;
        boolean won = entry.apply(op.payload(), hlc, origin, owner);
        return finish(op, bucket, entry, wasVisible, before, oldHash, won);
    }

    private ApplyResult ignored(Operation op, InstanceKey key) {
        ServiceBucket bucket = buckets.get(key.service());
        KeyEntry entry = bucket == null ? null : bucket.byId.get(key.id());
        InstanceState now = entry != null && entry.visible() ? entry.view() : null;
        return new ApplyResult(op, key, ApplyResult.Change.NONE, now, now, bucket == null ? 0 : bucket.serviceIndex);
    }

    /**
     * The join of one snapshot record (every register at once); same laws as {@link #apply}.
     * Registers stamped below the collection horizon are skipped, like operations.
     */
    public ApplyResult merge(KeyRecord record) {
        if (!above(record.registrationStamp()) && !above(record.statusStamp()) && !above(record.healthStamp())
                && !above(record.ownerStamp()) && !above(record.livenessStamp())) {
            return ignored(null, record.key());
        }
        ServiceBucket bucket = bucket(record.key().service());
        KeyEntry entry = entry(bucket, record.key());
        boolean wasVisible = entry.visible();
        InstanceState before = wasVisible ? entry.view() : null;
        long oldHash = wasVisible ? entry.digestHash() : 0;
        boolean won = false;
        if (above(record.registrationStamp())) {
            won |= entry.setRegistration(record.registration(), packed(record.registrationStamp()),
                    intern(record.registrationStamp().origin()));
        }
        if (above(record.statusStamp())) {
            won |= entry.setStatus(record.status(), packed(record.statusStamp()),
                    intern(record.statusStamp().origin()));
        }
        if (above(record.healthStamp())) {
            won |= entry.setHealth(record.health(), packed(record.healthStamp()),
                    intern(record.healthStamp().origin()));
        }
        if (above(record.ownerStamp())) {
            won |= entry.setOwner(intern(record.owner()), packed(record.ownerStamp()),
                    intern(record.ownerStamp().origin()));
        }
        if (above(record.livenessStamp())) {
            won |= entry.setLiveness(record.liveness(), packed(record.livenessStamp()),
                    intern(record.livenessStamp().origin()));
        }
        return finish(null, bucket, entry, wasVisible, before, oldHash, won);
    }

    private boolean above(Stamp stamp) {
        return stamp != null && stamp.hlc().pack() >= horizon;
    }

    private ApplyResult finish(Operation op, ServiceBucket bucket, KeyEntry entry, boolean wasVisible,
                               InstanceState before, long oldHash, boolean won) {
        boolean isVisible = entry.visible();
        if (!won) {
            // Losing or duplicate: nothing moved. (Only an empty record can "lose" on a new entry.)
            if (!isVisible) {
                listInvisible(entry);
            }
            return new ApplyResult(op, entry.key, ApplyResult.Change.NONE, before, before, bucket.serviceIndex);
        }
        ApplyResult.Change change;
        if (isVisible) {
            digest += entry.digestHash() - oldHash;
            change = wasVisible ? ApplyResult.Change.UPDATED : ApplyResult.Change.REGISTERED;
        } else if (wasVisible) {
            digest -= oldHash;
            change = entry.liveness == Liveness.EXPIRED ? ApplyResult.Change.EXPIRED : ApplyResult.Change.DEREGISTERED;
        } else {
            listInvisible(entry);
            return new ApplyResult(op, entry.key, ApplyResult.Change.NONE, null, null, bucket.serviceIndex);
        }
        if (isVisible != wasVisible) {
            visibilityChanged(bucket, entry, isVisible);
        }
        index++;
        InstanceState after = isVisible ? entry.view() : null;
        bucket.changed(index, entry.key.id(), after);
        return new ApplyResult(op, entry.key, change, before, after, index);
    }

    private void visibilityChanged(ServiceBucket bucket, KeyEntry entry, boolean nowVisible) {
        if (nowVisible) {
            unlistInvisible(entry);
            visible++;
            if (bucket.visibleCount++ == 0) {
                liveServices.add(bucket.service);
            }
        } else {
            listInvisible(entry);
            visible--;
            if (--bucket.visibleCount == 0) {
                liveServices.remove(bucket.service);
            }
        }
    }

    private void listInvisible(KeyEntry entry) {
        if (entry.invisibleSlot < 0) {
            entry.invisibleSlot = invisible.size();
            invisible.add(entry);
        }
    }

    /** O(1): the last listed entry takes the removed one's slot. */
    private void unlistInvisible(KeyEntry entry) {
        int slot = entry.invisibleSlot;
        if (slot < 0) {
            return;
        }
        KeyEntry last = invisible.remove(invisible.size() - 1);
        if (last != entry) {
            invisible.set(slot, last);
            last.invisibleSlot = slot;
        }
        entry.invisibleSlot = -1;
    }

    private ServiceBucket bucket(String service) {
        ServiceBucket bucket = buckets.get(service);
        if (bucket == null) {
            bucket = new ServiceBucket(service);
            buckets.put(service, bucket);
        }
        return bucket;
    }

    private static KeyEntry entry(ServiceBucket bucket, InstanceKey key) {
        KeyEntry entry = bucket.byId.get(key.id());
        if (entry == null) {
            // Reuse the bucket's service string so a million keys do not retain a million copies.
            InstanceKey stored = key.service() == bucket.service ? key : new InstanceKey(bucket.service, key.id());
            entry = new KeyEntry(stored);
            bucket.byId.add(entry);
        }
        return entry;
    }

    private Origin intern(String name) {
        Origin origin = origins.get(name);
        if (origin == null) {
            origin = new Origin(name);
            origins.put(name, origin);
        }
        return origin;
    }

    private static long packed(Stamp stamp) {
        return stamp.hlc().pack();
    }

    public Optional<InstanceState> get(InstanceKey key) {
        ServiceBucket bucket = buckets.get(key.service());
        KeyEntry entry = bucket == null ? null : bucket.byId.get(key.id());
        return entry != null && entry.visible() ? Optional.of(entry.view()) : Optional.empty();
    }

    /** Every register of a key, visible or not (for history and debugging). */
    public Optional<KeyRecord> record(InstanceKey key) {
        ServiceBucket bucket = buckets.get(key.service());
        KeyEntry entry = bucket == null ? null : bucket.byId.get(key.id());
        return entry == null ? Optional.empty() : Optional.of(entry.record());
    }

    /** Visible instances of a service sorted by id; an immutable list cached until the service changes. */
    public List<InstanceState> instances(String service) {
        ServiceBucket bucket = buckets.get(service);
        return bucket == null || bucket.visibleCount == 0 ? List.of() : bucket.instances();
    }

    /**
     * Visible instances of a service in no particular order, for bulk scans: unlike {@link #instances} it
     * does not start keeping the service's sorted list, which every later change would then patch.
     */
    public List<InstanceState> scanInstances(String service) {
        ServiceBucket bucket = buckets.get(service);
        return bucket == null || bucket.visibleCount == 0 ? List.of() : bucket.scan();
    }

    /** Services with at least one visible instance, sorted; an immutable copy. */
    public SortedSet<String> services() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(liveServices));
    }

    public int instanceCount(String service) {
        ServiceBucket bucket = buckets.get(service);
        return bucket == null ? 0 : bucket.visibleCount;
    }

    /** Visible instances. */
    public int size() {
        return visible;
    }

    /** Keys held but not visible: tombstones and partial keys (ops seen, no winning REGISTER). */
    public int tombstones() {
        return invisible.size();
    }

    /** Node-local: incremented by every apply or merge that changes visible state. */
    public long index() {
        return index;
    }

    /** {@link #index()} at the service's last visible change; 0 if never. */
    public long serviceIndex(String service) {
        ServiceBucket bucket = buckets.get(service);
        return bucket == null ? 0 : bucket.serviceIndex;
    }

    /** Order-independent hash of the visible state (sum of per-key hashes; 0 when empty). */
    public long digest() {
        return digest;
    }

    /**
     * Removes invisible keys whose newest stamp's HLC is strictly below {@code stableBefore}; the
     * caller must get that bound from {@link Stability#stableBefore} (rule C12). Returns the count.
     */
    public int collectTombstones(Hlc stableBefore) {
        long bound = stableBefore.pack();
        if (bound <= horizon) {
            return 0;
        }
        horizon = bound;
        int removed = 0;
        for (int i = invisible.size() - 1; i >= 0; i--) {
            KeyEntry entry = invisible.get(i);
            if (entry.newestHlc() < bound) {
                unlistInvisible(entry);
                buckets.get(entry.key.service()).byId.remove(entry.key.id());
                removed++;
            }
        }
        return removed;
    }

    /**
     * Rule P10 on a snapshot from a peer that collected below {@code peerHorizon}: drops every key the
     * snapshot does not hold whose newest stamp is below that horizon. The peer collected its tombstone (it
     * was deregistered or expired while this node was away longer than the tombstone horizon), or never
     * had it and would ignore it now; kept, it would stay visible here alone, for good. Returns each
     * visible key dropped, as a DEREGISTERED change.
     */
    public List<ApplyResult> dropAbsentBelow(java.util.Set<InstanceKey> inSnapshot, Hlc peerHorizon) {
        long bound = peerHorizon.pack();
        List<ApplyResult> dropped = new ArrayList<>();
        List<KeyEntry> stale = new ArrayList<>();
        for (ServiceBucket bucket : buckets.values()) {
            for (KeyEntry entry : bucket.byId) {
                if (entry.newestHlc() < bound && !inSnapshot.contains(entry.key)) {
                    stale.add(entry);
                }
            }
        }
        for (KeyEntry entry : stale) {
            ServiceBucket bucket = buckets.get(entry.key.service());
            if (entry.visible()) {
                InstanceState before = entry.view();
                digest -= entry.digestHash();
                visibilityChanged(bucket, entry, false);
                index++;
                bucket.changed(index, entry.key.id(), null);
                dropped.add(new ApplyResult(null, entry.key, ApplyResult.Change.DEREGISTERED, before, null, index));
            }
            unlistInvisible(entry);
            bucket.byId.remove(entry.key.id());
        }
        return dropped;
    }

    /** The greatest bound tombstones were collected below; older stamps are ignored from now on. */
    public Hlc collectedBelow() {
        return Hlc.unpack(horizon);
    }

    /** Every key with all registers, visible or not, sorted by key: a state snapshot. */
    public List<KeyRecord> exportKeys() {
        List<KeyRecord> out = exportKeysUnordered();
        out.sort(Comparator.comparing(KeyRecord::key));
        return out;
    }

    /**
     * Every key's registers, in no particular order: what a snapshot needs, in O(n) (the sort of
     * {@link #exportKeys} stalled the registry thread for tens of milliseconds at 100,000 keys).
     */
    public List<KeyRecord> exportKeysUnordered() {
        List<KeyRecord> out = new ArrayList<>(visible + invisible.size());
        for (ServiceBucket bucket : buckets.values()) {
            for (KeyEntry entry : bucket.byId) {
                out.add(entry.record());
            }
        }
        return out;
    }

    public static RegistryState restore(List<KeyRecord> records) {
        return restore(records, Hlc.ZERO);
    }

    /** Restores this node's own snapshot, including the horizon its tombstones were collected below. */
    public static RegistryState restore(List<KeyRecord> records, Hlc collectedBelow) {
        RegistryState state = new RegistryState();
        for (KeyRecord record : records) {
            state.merge(record);
        }
        state.horizon = collectedBelow.pack();
        return state;
    }
}
