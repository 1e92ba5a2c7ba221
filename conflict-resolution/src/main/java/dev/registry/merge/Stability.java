package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.oplog.VersionVector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what every member already has, so that log compaction and tombstone collection are safe.
 * Pure, mutable, NOT thread-safe (owned by the node's registry thread). Members come from Raft
 * membership, so the bounds cover every member, not just those gossip happens to have heard.
 *
 * <p>A report from member B says: "I have applied {@code vector}; my HLC is {@code clock}, so every
 * operation I create from now on has a stamp above it". Once the frontier (pointwise min over
 * members) reaches B's own seq in that report, every operation B created with a stamp below
 * {@code clock} is applied everywhere: that report is settled (README rule C12).
 */
public final class Stability {

    /** Reports kept per member; thinning drops old ones, which only makes the bound more conservative. */
    public static final int DEFAULT_MAX_REPORTS = 32;

    private record Report(long ownSeq, long clock) {
    }

    private final int maxReports;
    private final Map<String, VersionVector> latest = new HashMap<>();
    private final Map<String, List<Report>> reports = new HashMap<>();

    public Stability() {
        this(DEFAULT_MAX_REPORTS);
    }

    public Stability(int maxReports) {
        if (maxReports < 2) {
            throw new IllegalArgumentException("maxReports must be at least 2: " + maxReports);
        }
        this.maxReports = maxReports;
    }

    public void observe(String member, VersionVector vector, Hlc clock) {
        // Vectors only grow; merging makes a late, reordered report harmless.
        latest.merge(member, vector, VersionVector::merge);
        List<Report> list = reports.computeIfAbsent(member, m -> new ArrayList<>());
        Report report = new Report(vector.get(member), clock.pack());
        if (!list.isEmpty()) {
            Report last = list.get(list.size() - 1);
            if (report.clock <= last.clock || report.ownSeq < last.ownSeq) {
                return; // stale or reordered: the newer report already says more
            }
        }
        list.add(report);
        if (list.size() > maxReports) {
            thin(list);
        }
    }

    /** Drops every second report of the older half; the newest reports stay exact. */
    private static void thin(List<Report> list) {
        int half = list.size() / 2;
        List<Report> kept = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (i >= half || i % 2 == 1) {
                kept.add(list.get(i));
            }
        }
        list.clear();
        list.addAll(kept);
    }

    /** Forgets a member that left the cluster for good. */
    public void forget(String member) {
        latest.remove(member);
        reports.remove(member);
    }

    /** The latest vector a member reported (EMPTY if never heard from). */
    public VersionVector vectorOf(String member) {
        return latest.getOrDefault(member, VersionVector.EMPTY);
    }

    /** Pointwise min of the members' latest vectors; a member never heard from counts EMPTY. */
    public VersionVector frontier(Set<String> members) {
        VersionVector frontier = null;
        for (String member : members) {
            VersionVector v = vectorOf(member);
            frontier = frontier == null ? v : frontier.min(v);
        }
        return frontier == null ? VersionVector.EMPTY : frontier;
    }

    /**
     * A stamp S such that every operation with a stamp below S created by any member has been applied
     * by every member: the min over members of their newest settled report's clock (ZERO if a member
     * has none, or if {@code members} is empty).
     */
    public Hlc stableBefore(Set<String> members) {
        if (members.isEmpty()) {
            return Hlc.ZERO;
        }
        VersionVector frontier = frontier(members);
        long stable = Long.MAX_VALUE;
        for (String member : members) {
            long settled = 0;
            long reached = frontier.get(member);
            for (Report report : reports.getOrDefault(member, List.of())) {
                if (report.ownSeq <= reached) {
                    settled = Math.max(settled, report.clock);
                }
            }
            stable = Math.min(stable, settled);
        }
        return Hlc.unpack(stable);
    }
}
