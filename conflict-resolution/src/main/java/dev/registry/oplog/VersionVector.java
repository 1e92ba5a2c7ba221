package dev.registry.oplog;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable version vector: origin node id -> highest contiguous sequence number applied.
 * Absent origins count 0 and zero entries are never stored, so equal vectors are equal objects.
 * Stored as two parallel arrays sorted by origin: every operation is O(origins).
 */
public final class VersionVector {

    public static final VersionVector EMPTY = new VersionVector(new String[0], new long[0]);

    private final String[] origins;
    private final long[] seqs;

    private VersionVector(String[] origins, long[] seqs) {
        this.origins = origins;
        this.seqs = seqs;
    }

    public static VersionVector of(Map<String, Long> entries) {
        TreeMap<String, Long> sorted = new TreeMap<>();
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            long seq = e.getValue();
            if (e.getKey() == null || seq < 0) {
                throw new IllegalArgumentException("bad version vector entry: " + e);
            }
            if (seq > 0) {
                sorted.put(e.getKey(), seq);
            }
        }
        String[] o = sorted.keySet().toArray(new String[0]);
        long[] s = new long[o.length];
        int i = 0;
        for (long seq : sorted.values()) {
            s[i++] = seq;
        }
        return new VersionVector(o, s);
    }

    public long get(String origin) {
        int i = Arrays.binarySearch(origins, origin);
        return i >= 0 ? seqs[i] : 0;
    }

    /** This vector with {@code origin} set to exactly {@code seq} (0 removes it). */
    public VersionVector with(String origin, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        int i = Arrays.binarySearch(origins, origin);
        if (i >= 0) {
            if (seqs[i] == seq) {
                return this;
            }
            if (seq == 0) {
                return remove(i);
            }
            long[] s = seqs.clone();
            s[i] = seq;
            return new VersionVector(origins, s);
        }
        if (seq == 0) {
            return this;
        }
        int at = -i - 1;
        String[] o = new String[origins.length + 1];
        long[] s = new long[seqs.length + 1];
        System.arraycopy(origins, 0, o, 0, at);
        System.arraycopy(seqs, 0, s, 0, at);
        o[at] = origin;
        s[at] = seq;
        System.arraycopy(origins, at, o, at + 1, origins.length - at);
        System.arraycopy(seqs, at, s, at + 1, seqs.length - at);
        return new VersionVector(o, s);
    }

    private VersionVector remove(int i) {
        String[] o = new String[origins.length - 1];
        long[] s = new long[seqs.length - 1];
        System.arraycopy(origins, 0, o, 0, i);
        System.arraycopy(seqs, 0, s, 0, i);
        System.arraycopy(origins, i + 1, o, i, origins.length - i - 1);
        System.arraycopy(seqs, i + 1, s, i, seqs.length - i - 1);
        return new VersionVector(o, s);
    }

    /**
     * This vector once {@code ops} are appended, counting only operations that extend it without a gap (in
     * the order given; a sync reply lists each origin's in sequence order).
     */
    public VersionVector extendedBy(List<Operation> ops) {
        Map<String, Long> next = new java.util.HashMap<>();
        for (Operation op : ops) {
            Long at = next.get(op.origin());
            if (op.seq() == (at != null ? at : get(op.origin())) + 1) {
                next.put(op.origin(), op.seq());
            }
        }
        return next.isEmpty() ? this : merge(of(next));
    }

    /** Pointwise maximum. */
    public VersionVector merge(VersionVector other) {
        return combine(other, true);
    }

    /** Pointwise minimum; an origin absent from either side counts 0, so it is absent from the result. */
    public VersionVector min(VersionVector other) {
        return combine(other, false);
    }

    private VersionVector combine(VersionVector other, boolean max) {
        String[] o = new String[origins.length + other.origins.length];
        long[] s = new long[o.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < origins.length || j < other.origins.length) {
            int cmp = i == origins.length ? 1 : j == other.origins.length ? -1
                    : origins[i].compareTo(other.origins[j]);
            long seq;
            String origin;
            if (cmp == 0) {
                origin = origins[i];
                seq = max ? Math.max(seqs[i], other.seqs[j]) : Math.min(seqs[i], other.seqs[j]);
                i++;
                j++;
            } else if (cmp < 0) {
                origin = origins[i];
                seq = max ? seqs[i] : 0;
                i++;
            } else {
                origin = other.origins[j];
                seq = max ? other.seqs[j] : 0;
                j++;
            }
            if (seq > 0) {
                o[n] = origin;
                s[n++] = seq;
            }
        }
        return new VersionVector(Arrays.copyOf(o, n), Arrays.copyOf(s, n));
    }

    /** True if this vector has seen at least everything {@code other} has (pointwise >=). */
    public boolean dominates(VersionVector other) {
        for (int j = 0; j < other.origins.length; j++) {
            if (get(other.origins[j]) < other.seqs[j]) {
                return false;
            }
        }
        return true;
    }

    /** Sum of all entries: the number of operations this vector covers. */
    public long total() {
        long sum = 0;
        for (long seq : seqs) {
            sum += seq;
        }
        return sum;
    }

    public int size() {
        return origins.length;
    }

    /** Unmodifiable, ordered by origin. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < origins.length; i++) {
            map.put(origins[i], seqs[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && Arrays.equals(origins, v.origins) && Arrays.equals(seqs, v.seqs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(origins) + Arrays.hashCode(seqs);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
