package dev.registry.chaos.check;

import dev.registry.chaos.history.ReadEntry;

import java.util.List;
import java.util.Map;

/**
 * A node's final state as the runner read it over HTTP after the final heal and quiescence.
 *
 * @param instances  key ({@code service/id}) to what the node serves for it
 * @param opsByKey   the node's per-key operation history (may lack keys the node never saw)
 * @param oplogSize  operations currently held in the log (after compaction)
 * @param tombstones tombstones currently held
 * @param liveInstances every live instance the node holds, all services (the log bound scales with it)
 */
public record NodeSnapshot(
        String node,
        Map<String, ReadEntry> instances,
        Map<String, List<ModelOp>> opsByKey,
        String digest,
        long oplogSize,
        long tombstones,
        long liveInstances,
        boolean degraded) {

    public NodeSnapshot {
        instances = Map.copyOf(instances);
        opsByKey = Map.copyOf(opsByKey);
    }
}
