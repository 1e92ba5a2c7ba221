package dev.registry.api;

import java.util.Map;

/**
 * The answer of {@code GET /v1/cluster/status}: what this node has and how far behind its peers it is.
 *
 * @param versionVector origin node -> highest contiguous operation sequence applied here
 * @param digest        order-independent hash of the visible state; equal on converged nodes
 * @param lagByPeer     peer id -> operations this node knows the peer lacks (from the last exchange)
 * @param degraded      true when this node cannot reach a Raft majority (it then expires no leases)
 */
public record ClusterStatus(
        String id,
        String leader,
        String raftRole,
        long epoch,
        Map<String, Long> versionVector,
        String digest,
        int instances,
        int services,
        int tombstones,
        int oplogSize,
        int pendingOperations,
        Map<String, Long> lagByPeer,
        boolean degraded,
        boolean ready,
        long index) {
}
