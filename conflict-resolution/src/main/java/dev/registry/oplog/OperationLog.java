package dev.registry.oplog;

import dev.registry.model.InstanceKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The retained operations of every origin, in sequence order.
 * Mutable and NOT thread-safe: owned by one replica's event thread. In memory only; durability is
 * the node's job.
 *
 * <p>Invariant per origin: the retained operations are exactly the seqs {@code base+1 .. last},
 * contiguous; seqs {@code <= base} were compacted away (or covered by an installed snapshot).
 */
public final class OperationLog {

    private static final class OriginLog {
        long base;
        final ArrayList<Operation> ops = new ArrayList<>();

        long last() {
            return base + ops.size();
        }
    }

    /** Sorted by origin so that {@link #missingFor} is deterministic. */
    private final TreeMap<String, OriginLog> origins = new TreeMap<>();
    private int size;

    /** Appends the next operation of its origin; anything else is a caller bug and fails fast. */
    public void append(Operation op) {
        OriginLog log = origins.computeIfAbsent(op.origin(), o -> new OriginLog());
        if (op.seq() != log.last() + 1) {
            throw new IllegalStateException("operation " + op.origin() + "#" + op.seq()
                    + " is not the next of its origin (expected #" + (log.last() + 1) + ")");
        }
        log.ops.add(op);
        size++;
    }

    /** The highest seq of {@code origin} this log has appended or skipped (0 if none). */
    public long lastSeq(String origin) {
        OriginLog log = origins.get(origin);
        return log == null ? 0 : log.last();
    }

    /**
     * Seq of the oldest retained operation of {@code origin}; when nothing is retained, the seq the
     * next append will have. A peer whose vector entry is below {@code firstRetained - 1} cannot
     * be served from this log.
     */
    public long firstRetained(String origin) {
        OriginLog log = origins.get(origin);
        return log == null ? 1 : log.base + 1;
    }

    /** Operations {@code peer} lacks, per origin (sorted by id) in seq order, at most {@code maxOps} in all. */
    public List<Operation> missingFor(VersionVector peer, int maxOps) {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, OriginLog> e : origins.entrySet()) {
            if (out.size() >= maxOps) {
                break;
            }
            OriginLog log = e.getValue();
            long has = peer.get(e.getKey());
            int from = (int) Math.min(log.ops.size(), Math.max(0, has - log.base));
            int to = (int) Math.min(log.ops.size(), from + (long) (maxOps - out.size()));
            for (int i = from; i < to; i++) {
                out.add(log.ops.get(i));
            }
        }
        return out;
    }

    /** False if some operation {@code peer} lacks was compacted away: the peer needs a snapshot. */
    public boolean canServe(VersionVector peer) {
        for (Map.Entry<String, OriginLog> e : origins.entrySet()) {
            if (peer.get(e.getKey()) < e.getValue().base) {
                return false;
            }
        }
        return true;
    }

    /** Drops the operations with {@code seq <= frontier.get(origin)}; returns how many were dropped. */
    public int compactBelow(VersionVector frontier) {
        int dropped = 0;
        for (Map.Entry<String, OriginLog> e : origins.entrySet()) {
            dropped += dropThrough(e.getValue(), Math.min(frontier.get(e.getKey()), e.getValue().last()));
        }
        return dropped;
    }

    /**
     * Marks every seq of {@code origin} up to {@code seq} as covered without having the operations
     * (after installing a state snapshot); retained ones at or below it are dropped. The next append
     * of that origin must then be {@code seq + 1} (or later, if the log was already further).
     */
    public void advanceTo(String origin, long seq) {
        OriginLog log = origins.computeIfAbsent(origin, o -> new OriginLog());
        if (seq <= log.base) {
            return;
        }
        if (seq >= log.last()) {
            dropThrough(log, log.last());
            log.base = seq;
        } else {
            dropThrough(log, seq);
        }
    }

    private int dropThrough(OriginLog log, long seq) {
        int n = (int) Math.max(0, seq - log.base);
        if (n == 0) {
            return 0;
        }
        log.ops.subList(0, n).clear();
        log.base += n;
        size -= n;
        return n;
    }

    /** Retained operations in total. */
    public int size() {
        return size;
    }

    /**
     * Retained operations of one key, newest stamp first. O(retained operations): this serves the history
     * endpoint, a diagnostic read, and the per-key index that made it O(operations of that key) cost every
     * append and every compaction a hash-map update (12-17% of the write path's registry thread).
     */
    public List<Operation> forKey(InstanceKey key) {
        List<Operation> out = new ArrayList<>();
        for (OriginLog log : origins.values()) {
            for (Operation op : log.ops) {
                if (op.key().equals(key)) {
                    out.add(op);
                }
            }
        }
        out.sort(Comparator.comparing(Operation::stamp).reversed());
        return out;
    }
}
