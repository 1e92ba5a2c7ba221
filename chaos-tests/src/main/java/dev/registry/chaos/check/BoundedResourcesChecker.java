package dev.registry.chaos.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P15, bounded resources: after the final heal and a collection period, every live node's op log
 * and tombstone set are within bounds. The bounds scale with the live state: a log may keep
 * {@code logPerLiveKey} operations per live instance plus {@code logSlack}; tombstones at most
 * {@code tombstoneSlack} (collection below the frontier should have purged the rest).
 */
public final class BoundedResourcesChecker {
    private final long logPerLiveKey;
    private final long logSlack;
    private final long tombstoneSlack;

    public BoundedResourcesChecker(long logPerLiveKey, long logSlack, long tombstoneSlack) {
        this.logPerLiveKey = logPerLiveKey;
        this.logSlack = logSlack;
        this.tombstoneSlack = tombstoneSlack;
    }

    public CheckResult check(Collection<NodeSnapshot> nodes) {
        long maxLog = 0;
        long maxTombstones = 0;
        List<String> anomalies = new ArrayList<>();
        for (NodeSnapshot n : nodes) {
            long logBound = logPerLiveKey * n.liveInstances() + logSlack;
            maxLog = Math.max(maxLog, n.oplogSize());
            maxTombstones = Math.max(maxTombstones, n.tombstones());
            if (n.oplogSize() > logBound) {
                anomalies.add(n.node() + " keeps " + n.oplogSize() + " log operations, bound " + logBound);
            }
            if (n.tombstones() > tombstoneSlack) {
                anomalies.add(n.node() + " keeps " + n.tombstones() + " tombstones, bound " + tombstoneSlack);
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("maxOplogSize", maxLog);
        counts.put("maxTombstones", maxTombstones);
        return new CheckResult("bounded-resources", anomalies.isEmpty(), counts, anomalies);
    }
}
