package dev.registry.node.sim;

import dev.registry.merge.KeyRecord;
import dev.registry.merge.RegistryState;
import dev.registry.model.InstanceKey;
import dev.registry.oplog.OpKind;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;
import dev.registry.oplog.VersionVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The checks of I1-I5 over one run's final nodes and its {@link Ledger}. Each returns violations as
 * readable lines (empty when the invariant holds), so a failing seed says exactly what broke.
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * I1: every node holds the same vector, the same digest and the same visible state, and buffers nothing
     * ({@code wiped}: except successors of a gap only the wiped disk held, which no node can ever fill).
     */
    static List<String> i1Converged(List<SimNode> nodes, boolean wiped) {
        List<String> out = new ArrayList<>();
        SimNode first = nodes.get(0);
        List<KeyRecord> visible = visible(first.state());
        for (SimNode node : nodes) {
            if (!node.up()) {
                out.add("I1 node " + node.id() + " is not up after heal");
                continue;
            }
            if (!node.replica().vector().equals(first.replica().vector())) {
                out.add("I1 vector of " + node.id() + " " + node.replica().vector() + " != " + first.id() + " "
                        + first.replica().vector());
            }
            if (node.replica().pendingCount() != 0 && !wiped) {
                out.add("I1 " + node.id() + " still buffers " + node.replica().pendingCount() + " operations");
            }
            if (node.state().digest() != first.state().digest()) {
                out.add("I1 digest of " + node.id() + " differs from " + first.id());
            }
            if (!visible(node.state()).equals(visible)) {
                out.add("I1 visible state of " + node.id() + " differs from " + first.id());
            }
        }
        return out;
    }

    /** Cheap convergence test for the run loop: vectors and digests equal, buffers empty (see i1Converged). */
    static boolean converged(List<SimNode> nodes, boolean wiped) {
        SimNode first = nodes.get(0);
        if (!first.up()) {
            return false;
        }
        for (SimNode node : nodes) {
            if (!node.up() || node.replica().pendingCount() != 0 && !wiped
                    || !node.replica().vector().equals(first.replica().vector())
                    || node.state().digest() != first.state().digest()) {
                return false;
            }
        }
        return true;
    }

    private static List<KeyRecord> visible(RegistryState state) {
        return state.exportKeys().stream().filter(KeyRecord::visible).toList();
    }

    /** The operations the final state is made of: every known operation within the final vector. */
    static List<Operation> union(Ledger ledger, VersionVector vector) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : ledger.knownOps().values()) {
            if (op.seq() <= vector.get(op.origin())) {
                ops.add(op);
            }
        }
        ops.sort((a, b) -> a.origin().equals(b.origin()) ? Long.compare(a.seq(), b.seq())
                : a.origin().compareTo(b.origin()));
        return ops;
    }

    /**
     * I2: every acknowledged operation is in the final state's history (not lost, not replaced), and every
     * key with an acknowledged REGISTER is visible unless a tombstone stamped after its newest acknowledged
     * REGISTER is in that history (a later deregistration or expiry by the resolver's order). Operations a
     * wiped node never got onto another node's disk may be lost (single-copy durability, acks=1).
     */
    static List<String> i2NoLostAck(Ledger ledger, List<Operation> union, VersionVector vector, RegistryState state) {
        List<String> out = new ArrayList<>();
        Map<InstanceKey, Stamp> newestRegister = new HashMap<>();
        for (Operation op : ledger.acknowledged()) {
            if (lostByWipe(ledger, op)) {
                continue;
            }
            Operation kept = ledger.knownOps().get(op.origin() + "#" + op.seq());
            if (op.seq() > vector.get(op.origin()) || !op.equals(kept)) {
                out.add("I2 acknowledged " + op + " is not in the final history (vector " + vector.get(op.origin())
                        + ")");
            }
            if (op.kind() == OpKind.REGISTER) {
                newestRegister.merge(op.key(), op.stamp(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        Map<InstanceKey, Stamp> newestTombstone = newestTombstones(union);
        for (Map.Entry<InstanceKey, Stamp> e : newestRegister.entrySet()) {
            Stamp tomb = newestTombstone.get(e.getKey());
            boolean removedLater = tomb != null && tomb.isAfter(e.getValue());
            if (!removedLater && state.get(e.getKey()).isEmpty()) {
                out.add("I2 " + e.getKey() + " registered (acknowledged " + e.getValue()
                        + ") and never removed later, but not visible");
            }
        }
        return out;
    }

    /** An acknowledged operation only its origin's disk held when that disk was wiped (acks=1 allows the loss). */
    private static boolean lostByWipe(Ledger ledger, Operation op) {
        for (Ledger.Wipe wipe : ledger.wipes()) {
            if (wipe.origin().equals(op.origin()) && op.seq() > wipe.keptUpTo()) {
                return true;
            }
        }
        return false;
    }

    /**
     * I3: a key whose acknowledged deregistration is followed by no REGISTER must not be visible (unless a
     * wipe lost that deregistration, see {@link #lostByWipe}).
     */
    static List<String> i3NoResurrection(Ledger ledger, List<Operation> union, List<SimNode> nodes) {
        List<String> out = new ArrayList<>();
        ledger.resurrections().forEach(r -> out.add("I3 while running: " + r));
        Map<InstanceKey, Stamp> newestRegister = new HashMap<>();
        for (Operation op : union) {
            if (op.kind() == OpKind.REGISTER) {
                newestRegister.merge(op.key(), op.stamp(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        for (Operation op : ledger.acknowledged()) {
            if (op.kind() != OpKind.DEREGISTER || lostByWipe(ledger, op)) {
                continue;
            }
            Stamp register = newestRegister.get(op.key());
            if (register != null && register.isAfter(op.stamp())) {
                continue;
            }
            for (SimNode node : nodes) {
                if (node.up() && node.state().get(op.key()).isPresent()) {
                    out.add("I3 " + op.key() + " deregistered (acknowledged " + op.stamp()
                            + ") with no later REGISTER, but visible on " + node.id());
                }
            }
        }
        return out;
    }

    /** I4: the union applied in a random order, with duplicates, to a fresh state gives the final state. */
    static List<String> i4OrderIndependent(List<Operation> union, RegistryState state, Random random) {
        List<Operation> shuffled = new ArrayList<>(union);
        for (int i = 0; i < union.size() / 4; i++) {
            shuffled.add(union.get(random.nextInt(union.size())));
        }
        Collections.shuffle(shuffled, random);
        RegistryState fresh = new RegistryState();
        shuffled.forEach(fresh::apply);
        List<String> out = new ArrayList<>();
        if (fresh.digest() != state.digest()) {
            out.add("I4 the " + union.size() + " operations replayed in random order give another digest");
        }
        if (!visible(fresh).equals(visible(state))) {
            out.add("I4 the operations replayed in random order give another visible state");
        }
        return out;
    }

    /** I5: no EXPIRE written by a node while it could not reach a majority. Also: no reused seq (G1). */
    static List<String> i5NoMinorityExpiry(Ledger ledger) {
        List<String> out = new ArrayList<>();
        for (Ledger.ExpireWrite e : ledger.expires()) {
            if (e.minority()) {
                out.add("I5 " + e.member() + " (" + e.origin() + ") wrote EXPIRE at " + e.at() + " without quorum");
            }
        }
        for (String reuse : ledger.reusedSeqs()) {
            out.add("G1 sequence number reused with different content: " + reuse);
        }
        return out;
    }

    /** Lease liveness: after quiescence every visible instance is one whose client still heartbeats. */
    static List<String> leasesExpired(RegistryState state, Set<InstanceKey> stillBeating) {
        List<String> out = new ArrayList<>();
        for (String service : state.services()) {
            state.instances(service).forEach(i -> {
                if (!stillBeating.contains(i.key())) {
                    out.add("L2 " + i.key() + " (owner " + i.owner() + ") is abandoned but never expired");
                }
            });
        }
        return out;
    }

    static Map<InstanceKey, Stamp> newestTombstones(List<Operation> ops) {
        Map<InstanceKey, Stamp> newest = new HashMap<>();
        for (Operation op : ops) {
            if (op.kind() == OpKind.DEREGISTER || op.kind() == OpKind.EXPIRE) {
                newest.merge(op.key(), op.stamp(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return newest;
    }
}
