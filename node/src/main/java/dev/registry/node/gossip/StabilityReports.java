package dev.registry.node.gossip;

import dev.registry.clock.Hlc;
import dev.registry.merge.Stability;
import dev.registry.oplog.VersionVector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every member reported it holds durably (rule G5), by member: the bounds below which the log may be
 * compacted and tombstones collected (rules M1, M2). Single-threaded, owned by {@link GossipCore}.
 */
final class StabilityReports {

    private final Stability stability = new Stability();
    /** The current origin (member id plus incarnation) each peer last reported. */
    private final Map<String, String> originOfPeer = new HashMap<>();

    /** This node's own durable vector and clock. */
    void observe(String origin, VersionVector vector, Hlc clock) {
        stability.observe(origin, vector, clock);
    }

    /** A peer's report; {@code origin} and {@code clock} are null in messages that carry none. */
    void notePeer(String member, String origin, VersionVector vector, Hlc clock) {
        if (origin == null) {
            return;
        }
        originOfPeer.put(member, origin);
        if (clock != null) {
            stability.observe(origin, vector, clock);
        }
    }

    /** See {@link GossipCore#frontier}. */
    VersionVector frontier(Collection<String> memberIds, String localMember, String localOrigin) {
        return stability.frontier(originsOf(memberIds, localMember, localOrigin));
    }

    /** See {@link GossipCore#stableBefore}. */
    Hlc stableBefore(Collection<String> memberIds, String localMember, String localOrigin) {
        Set<String> origins = originsOf(memberIds, localMember, localOrigin);
        return retiredOriginUnsettled(origins) ? Hlc.ZERO : stability.stableBefore(origins);
    }

    /** True while members disagree on how much of an origin that is no longer any member's they hold. */
    private boolean retiredOriginUnsettled(Set<String> memberOrigins) {
        Map<String, Long> lowest = new HashMap<>();
        Map<String, Long> highest = new HashMap<>();
        List<VersionVector> vectors = new ArrayList<>();
        for (String member : memberOrigins) {
            vectors.add(stability.vectorOf(member));
        }
        for (VersionVector vector : vectors) {
            for (Map.Entry<String, Long> e : vector.asMap().entrySet()) {
                if (!memberOrigins.contains(e.getKey())) {
                    highest.merge(e.getKey(), e.getValue(), Math::max);
                }
            }
        }
        for (String retired : highest.keySet()) {
            for (VersionVector vector : vectors) {
                lowest.merge(retired, vector.get(retired), Math::min);
            }
            if (lowest.get(retired) < highest.get(retired)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> originsOf(Collection<String> memberIds, String localMember, String localOrigin) {
        Set<String> origins = new HashSet<>();
        for (String member : memberIds) {
            if (member.equals(localMember)) {
                origins.add(localOrigin);
            } else {
                // Unknown origin: a placeholder with no reports, which keeps the frontier at nothing.
                origins.add(originOfPeer.getOrDefault(member, "?" + member));
            }
        }
        return origins;
    }
}
