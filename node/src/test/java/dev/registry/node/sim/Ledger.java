package dev.registry.node.sim;

import dev.registry.oplog.OpKind;
import dev.registry.oplog.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulation's record of what happened, kept outside the nodes so that crashes cannot erase it:
 * every operation that left a node (durable, or received by a peer), the writes acknowledged to
 * clients, every EXPIRE with the quorum situation of its writer at that moment, and any sequence
 * number reused with different content.
 */
final class Ledger {

    /** An EXPIRE written by {@code member} (origin {@code origin}) at virtual {@code at}. */
    record ExpireWrite(String member, String origin, long at, boolean minority) {
    }

    /** Origins whose unreplicated tail a wipe legitimately lost: seq above {@code keptUpTo} may be missing. */
    record Wipe(String origin, long keptUpTo) {
    }

    private final Map<String, Operation> known = new HashMap<>();
    private final List<Operation> acknowledged = new ArrayList<>();
    private final List<ExpireWrite> expires = new ArrayList<>();
    private final List<String> reusedSeqs = new ArrayList<>();
    private final List<Wipe> wipes = new ArrayList<>();
    private final List<String> resurrections = new ArrayList<>();
    /** Writes of the lease keeper itself: ADOPT of a gone owner's lease (L3); a REGISTER of its own breaks L5. */
    long leaseAdoptions;
    long leaseRevivals;

    private static String id(Operation op) {
        return op.origin() + "#" + op.seq();
    }

    /** An operation exists outside its writer's memory (durable there, or applied by a peer). */
    void known(Operation op) {
        Operation before = known.putIfAbsent(id(op), op);
        if (before != null && !before.equals(op)) {
            reusedSeqs.add(id(op) + ": " + before + " vs " + op);
        }
    }

    void acknowledged(Operation op) {
        known(op);
        acknowledged.add(op);
    }

    void expireWritten(String member, Operation op, long at, boolean minority) {
        if (op.kind() == OpKind.EXPIRE) {
            expires.add(new ExpireWrite(member, op.origin(), at, minority));
        }
    }

    void resurrected(String what) {
        resurrections.add(what);
    }

    List<String> resurrections() {
        return resurrections;
    }

    void wiped(String origin, long keptUpTo) {
        wipes.add(new Wipe(origin, keptUpTo));
    }

    Map<String, Operation> knownOps() {
        return known;
    }

    List<Operation> acknowledged() {
        return acknowledged;
    }

    List<ExpireWrite> expires() {
        return expires;
    }

    List<String> reusedSeqs() {
        return reusedSeqs;
    }

    List<Wipe> wipes() {
        return wipes;
    }
}
