package dev.registry.chaos.check;

import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tiny single-threaded model of the registry (op log + gossip + (HLC, origin) join) that the
 * checker tests drive, correct or with one deliberate {@link Bug}. The checkers must pass the
 * correct one and catch every bug: that is the evidence that they can fail.
 */
final class SimCluster {

    enum Bug {
        /** A node acknowledges some registers without storing or gossiping them. */
        DROP_ACK,
        /** The resolver lets the write with the smaller stamp win. */
        OLDER_WINS,
        /** Tombstones are purged at once (no causal stability) and the node forgets which ops it saw. */
        EARLY_TOMBSTONE_GC,
        /** One node serves payloads it never received (corruption). */
        CORRUPT_PAYLOAD,
        /** n3 never sends its own operations to anyone. */
        STUCK_GOSSIP
    }

    record SimOp(String key, String kind, String origin, long seq, long hlc, int logical, String opId, String payload) {
    }

    private final class Node {
        final String id;
        final Map<String, SimOp> log = new LinkedHashMap<>();
        final Set<String> seen = new HashSet<>();
        long seq;
        long hlc;
        int logical;

        Node(String id) {
            this.id = id;
        }

        void accept(SimOp op) {
            String oid = op.origin() + "#" + op.seq();
            if (seen.add(oid)) {
                log.put(oid, op);
                if (op.hlc() > hlc || (op.hlc() == hlc && op.logical() >= logical)) {
                    hlc = op.hlc();
                    logical = op.logical();
                }
            }
        }

        Map<String, ReadEntry> state() {
            Map<String, List<SimOp>> byKey = new TreeMap<>();
            log.values().forEach(op -> byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op));
            Map<String, ReadEntry> out = new TreeMap<>();
            Comparator<SimOp> order = Comparator.comparingLong(SimOp::hlc).thenComparingInt(SimOp::logical)
                    .thenComparing(SimOp::origin);
            for (Map.Entry<String, List<SimOp>> e : byKey.entrySet()) {
                SimOp winner = bugs.contains(Bug.OLDER_WINS)
                        ? e.getValue().stream().min(order).orElseThrow()
                        : e.getValue().stream().max(order).orElseThrow();
                if (winner.kind().equals("REGISTER")) {
                    String payload = bugs.contains(Bug.CORRUPT_PAYLOAD) && id.equals("n2") ? winner.payload() + "!" : winner.payload();
                    out.put(e.getKey(), new ReadEntry(e.getKey(), payload, winner.opId(), "UP"));
                }
            }
            return out;
        }
    }

    private final EnumSet<Bug> bugs;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<String> cut = new HashSet<>();
    private int writes;

    SimCluster(EnumSet<Bug> bugs) {
        this.bugs = bugs;
        for (String id : List.of("n1", "n2", "n3")) {
            nodes.put(id, new Node(id));
        }
    }

    List<String> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** Returns false for a deregister of a key the node does not hold (the API's 404). */
    boolean write(String nodeId, String kind, String key, String payload, String opId, long wallMillis) {
        Node n = nodes.get(nodeId);
        if (kind.equals("DEREGISTER") && !n.state().containsKey(key)) {
            return false;
        }
        if (wallMillis > n.hlc) {
            n.hlc = wallMillis;
            n.logical = 0;
        } else {
            n.logical++;
        }
        SimOp op = new SimOp(key, kind, nodeId, ++n.seq, n.hlc, n.logical, opId, payload);
        writes++;
        if (bugs.contains(Bug.DROP_ACK) && kind.equals("REGISTER") && writes % 7 == 0) {
            n.seq--;
            return true;
        }
        n.accept(op);
        return true;
    }

    void isolate(String nodeId) {
        cut.add(nodeId);
    }

    void healAll() {
        cut.clear();
    }

    /** One anti-entropy round between every pair that can talk. */
    void gossip() {
        for (Node from : nodes.values()) {
            for (Node to : nodes.values()) {
                if (from == to || cut.contains(from.id) || cut.contains(to.id)) {
                    continue;
                }
                for (SimOp op : List.copyOf(from.log.values())) {
                    boolean own = op.origin().equals(from.id);
                    if (bugs.contains(Bug.STUCK_GOSSIP) && from.id.equals("n3") && own) {
                        continue;
                    }
                    to.accept(op);
                }
            }
        }
    }

    /**
     * Tombstone collection. Correct: a tombstone (and the ops it beats) is purged only once every
     * node holds it, and purged ids stay in {@code seen} so redelivery is ignored. The bug purges
     * at once and forgets the ids, so a stale peer's old register is accepted again.
     */
    void collect() {
        for (Node n : nodes.values()) {
            Map<String, SimOp> tombstones = new HashMap<>();
            n.log.values().stream().filter(op -> op.kind().equals("DEREGISTER")).forEach(op -> tombstones.merge(op.key(), op,
                    (a, b) -> a.hlc() >= b.hlc() ? a : b));
            for (SimOp t : tombstones.values()) {
                String tid = t.origin() + "#" + t.seq();
                boolean stable = nodes.values().stream().allMatch(m -> m.seen.contains(tid));
                if (!stable && !bugs.contains(Bug.EARLY_TOMBSTONE_GC)) {
                    continue;
                }
                List<String> purge = n.log.entrySet().stream()
                        .filter(e -> e.getValue().key().equals(t.key()) && e.getValue().hlc() <= t.hlc())
                        .map(Map.Entry::getKey).toList();
                purge.forEach(n.log::remove);
                if (bugs.contains(Bug.EARLY_TOMBSTONE_GC)) {
                    purge.forEach(n.seen::remove);
                }
            }
        }
    }

    Map<String, ReadEntry> read(String nodeId) {
        return nodes.get(nodeId).state();
    }

    NodeSnapshot snapshot(String nodeId) {
        Node n = nodes.get(nodeId);
        Map<String, List<ModelOp>> ops = new TreeMap<>();
        for (SimOp op : n.log.values()) {
            ops.computeIfAbsent(op.key(), k -> new ArrayList<>())
                    .add(new ModelOp(op.kind(), op.origin(), op.seq(), op.hlc(), op.logical(), op.opId(), null));
        }
        Map<String, ReadEntry> state = n.state();
        long tombstones = n.log.values().stream().filter(op -> op.kind().equals("DEREGISTER")).count();
        return new NodeSnapshot(nodeId, state, ops, Integer.toHexString(state.hashCode()), n.log.size(), tombstones, state.size(), false);
    }
}
