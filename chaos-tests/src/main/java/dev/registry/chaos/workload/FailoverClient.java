package dev.registry.chaos.workload;

import dev.registry.chaos.history.OpType;

import java.util.List;
import java.util.function.Function;

/**
 * A client that sticks to one node and, when a request cannot get an answer (refused, timed out,
 * reset: status 0) or the node refused it as past its deadline (408: that node's clock is ahead),
 * retries the same request on the next node, like the Java client's failover.
 * Retries reuse the opId, so they are idempotent. Once any attempt was indeterminate the call can
 * no longer be a definite FAIL (the first node may have applied it), so it reports INFO instead.
 * One instance per workload process: not thread-safe.
 */
public final class FailoverClient {
    private final List<NodeApi> nodes;
    private int current;

    public FailoverClient(List<NodeApi> nodes, int start) {
        this.nodes = List.copyOf(nodes);
        this.current = Math.floorMod(start, nodes.size());
    }

    /** A reply and the node that gave it. */
    public record Answer(Reply reply, String node) {
    }

    public NodeApi currentNode() {
        return nodes.get(current);
    }

    public Answer call(Function<NodeApi, Reply> request) {
        boolean uncertain = false;
        Reply last = null;
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            NodeApi api = nodes.get(current);
            last = request.apply(api);
            if (last.status() != 0 && last.status() != 408) {
                return new Answer(uncertain && last.type() == OpType.FAIL ? Reply.unknown(last.status(), last.body())
                        : last, api.node());
            }
            uncertain |= last.type() == OpType.INFO;
            current = (current + 1) % nodes.size();
        }
        Reply finalReply = uncertain ? Reply.unknown(0, last.error()) : last;
        return new Answer(finalReply, nodes.get(current).node());
    }
}
