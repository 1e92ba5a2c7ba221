package dev.registry.node.gossip;

import java.time.Duration;

/**
 * Timings and sizes of replication.
 *
 * @param pushDelay           the least time between two pushes: operations made durable within it of the
 *                            last push wait to be batched into the next (a lone write goes at once). A few
 *                            ms keeps propagation far below the 50 ms p99 target while turning 5,000
 *                            writes/s into a few hundred messages/s.
 * @param pushMaxOps          a batch is sent at once when it reaches this many operations
 * @param fanout              peers a push goes to; every peer when the cluster is at most this big (the
 *                            3-voter StatefulSet), otherwise random ones and anti-entropy covers the rest
 * @param antiEntropyInterval time between version-vector exchanges with one peer. Costs O(origins)
 *                            bytes when in sync, so it can be short; it bounds repair after lost pushes
 * @param syncBatchOps        operations in one anti-entropy reply; the requester asks again at once
 *                            while the reply says "more", so a large gap streams at full speed. Each
 *                            reply costs a round trip on a fresh connection, and the registry thread
 *                            applies one in ~10 ms at 10,000 (~550 KB): fewer would stream slower (5,000 took
 *                            ~15% longer to catch up 100,000), more would hold writes back longer
 * @param snapshotChunkKeys   keys per snapshot chunk (~100 bytes each: ~200 KB messages)
 * @param requestTimeout      application-level timeout of a request: a silently partitioned peer must
 *                            not hold a round for the kernel's TCP back-off
 */
public record GossipConfig(
        Duration pushDelay,
        int pushMaxOps,
        int fanout,
        Duration antiEntropyInterval,
        int syncBatchOps,
        int snapshotChunkKeys,
        Duration requestTimeout) {

    public GossipConfig {
        if (pushDelay.isNegative() || antiEntropyInterval.isNegative() || antiEntropyInterval.isZero()) {
            throw new IllegalArgumentException("gossip delays must be positive: " + pushDelay + ", "
                    + antiEntropyInterval);
        }
        if (pushMaxOps < 1 || fanout < 1 || syncBatchOps < 1 || snapshotChunkKeys < 1) {
            throw new IllegalArgumentException("gossip sizes must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** Pods on a LAN. */
    public static GossipConfig lan() {
        return new GossipConfig(Duration.ofMillis(2), 500, 8, Duration.ofMillis(500), 10_000, 2_000,
                Duration.ofSeconds(2));
    }

    /** Processes on one machine: same as LAN, the loopback is only faster. */
    public static GossipConfig local() {
        return new GossipConfig(Duration.ofMillis(2), 500, 8, Duration.ofMillis(300), 10_000, 2_000,
                Duration.ofSeconds(1));
    }

    /** Tests: frequent anti-entropy so repairs show up within a test's patience. */
    public static GossipConfig test() {
        return new GossipConfig(Duration.ofMillis(1), 200, 8, Duration.ofMillis(100), 1_000, 500,
                Duration.ofMillis(500));
    }
}
