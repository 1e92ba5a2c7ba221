package dev.registry.node.sim;

import dev.registry.node.registry.ClusterView;
import dev.registry.node.wire.Message;
import dev.registry.sim.NetworkFaults;
import dev.registry.sim.Simulation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One seed's world: the simulation, the nodes, and the truth the nodes' membership is derived from.
 * Links are cut here (checked when a message is delivered) rather than in {@link Simulation}, so
 * that a partition can heal without restarting crashed nodes. A node has quorum iff it reaches a
 * majority of all nodes (itself included); a node crashed for {@code goneAfterMillis} is GONE for
 * the nodes that have quorum (Raft needs a majority to mark it), which makes them adopt its leases.
 */
final class SimWorld {

    final Simulation<Message> sim;
    final Ledger ledger = new Ledger();
    /** Faults and restarts as they happened, for the report of a failing seed. */
    final List<String> events = new java.util.ArrayList<>();
    private final long goneAfterMillis;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final Set<String> cut = new HashSet<>();
    private final Map<String, Long> crashedAt = new HashMap<>();

    SimWorld(long seed, long startMillis, long tickMillis, long goneAfterMillis) {
        this.sim = new Simulation<>(seed, NetworkFaults.reliable(), tickMillis, startMillis);
        this.goneAfterMillis = goneAfterMillis;
    }

    void add(SimNode node) {
        nodes.put(node.id(), node);
        sim.add(node.id(), node);
    }

    Map<String, SimNode> nodes() {
        return nodes;
    }

    List<String> ids() {
        return List.copyOf(nodes.keySet());
    }

    /** Every node's current origin (incarnation), crashed ones included. */
    Set<String> currentOrigins() {
        Set<String> out = new HashSet<>();
        for (SimNode node : nodes.values()) {
            out.add(node.storeOrigin());
        }
        return out;
    }

    boolean up(String id) {
        return !sim.isCrashed(id);
    }

    /** Both directions open: what a Raft heartbeat needs. */
    boolean reachable(String a, String b) {
        return a.equals(b) || !cut.contains(a + "->" + b) && !cut.contains(b + "->" + a);
    }

    boolean delivers(String from, String to) {
        return !cut.contains(from + "->" + to);
    }

    void note(String event) {
        events.add(sim.now() + " " + event);
    }

    void cutLink(String from, String to) {
        note("cut " + from + "->" + to);
        cut.add(from + "->" + to);
    }

    void partition(Set<String> side) {
        note("partition " + new java.util.TreeSet<>(side));
        for (String a : side) {
            for (String b : nodes.keySet()) {
                if (!side.contains(b)) {
                    cut.add(a + "->" + b);
                    cut.add(b + "->" + a);
                }
            }
        }
    }

    void healLinks() {
        note("links healed");
        cut.clear();
    }

    void crash(String id) {
        if (up(id)) {
            note("crash " + id);
            crashedAt.put(id, sim.now());
            sim.crash(id);
        }
    }

    void restart(String id) {
        if (!up(id)) {
            crashedAt.remove(id);
            sim.restart(id);
            note("restart " + id + " as " + nodes.get(id).origin() + " clock " + nodes.get(id).replica().clock().current());
        }
    }

    /** Restart with an empty data directory: a new incarnation (D2). */
    void restartWiped(String id) {
        if (!up(id)) {
            note("wipe " + id);
            nodes.get(id).wipeDisk();
            restart(id);
        }
    }

    /** Everything healed, every node up, reliable network. */
    void healAll() {
        healLinks();
        for (String id : ids()) {
            restart(id);
        }
        sim.setFaults(NetworkFaults.reliable());
    }

    /** The highest seq of {@code origin} durable on some node other than {@code except}: what a wipe cannot lose. */
    long durableSeqElsewhere(String except, String origin) {
        long seq = 0;
        for (SimNode node : nodes.values()) {
            if (!node.id().equals(except)) {
                seq = Math.max(seq, node.durableSeqOf(origin));
            }
        }
        return seq;
    }

    boolean hasQuorum(String id) {
        if (!up(id)) {
            return false;
        }
        int reach = 0;
        for (String other : nodes.keySet()) {
            if (up(other) && reachable(id, other)) {
                reach++;
            }
        }
        return reach * 2 > nodes.size();
    }

    /**
     * The membership {@code id} would see now, as RegistryNode.clusterView builds it from the Raft view: a
     * GONE member still counts in {@code members} (the frontier) until the tombstone horizon, which a
     * simulated run never reaches.
     */
    ClusterView viewOf(String id) {
        boolean quorum = hasQuorum(id);
        Set<String> live = new HashSet<>();
        Set<String> gone = new HashSet<>();
        Set<String> members = new HashSet<>();
        for (String other : nodes.keySet()) {
            Long since = crashedAt.get(other);
            if (quorum && since != null && sim.now() - since >= goneAfterMillis) {
                gone.add(other);
                members.add(other);
                continue;
            }
            members.add(other);
            if (up(other) && reachable(id, other)) {
                live.add(other);
            }
        }
        live.add(id);
        members.add(id);
        return new ClusterView(id, live, members, gone, quorum, true);
    }
}
