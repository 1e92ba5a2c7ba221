package dev.registry.chaos.check;

import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * P6, deterministic conflict resolution. Per key, the union of the operations the nodes expose is
 * folded in (HLC, origin) order with the resolver's specification: a REGISTER makes the key present
 * with its payload; DEREGISTER/EXPIRE leave a tombstone that beats everything older; other updates
 * (status changes) apply only to a present key, so only a later REGISTER revives ({@link
 * ModelOp#compactedRegistration()} explains how compacted histories are read). Every node must
 * then hold the same thing for the key, and that thing must be the model's winner (present or
 * absent, and the winning register's opId and status when the node exposes them).
 */
public final class ResolverModelChecker {

    /** What the specification says a key ends as. {@code opId}/{@code status} are null when unknown. */
    public record Expected(boolean present, String opId, String status) {
    }

    public static Expected model(Collection<ModelOp> ops) {
        List<ModelOp> sorted = new ArrayList<>(dedupe(ops).values());
        sorted.sort(ModelOp.STAMP_ORDER);
        boolean registrationRegisters = sorted.stream().noneMatch(ModelOp::register);
        boolean present = false;
        String opId = null;
        String status = null;
        for (ModelOp op : sorted) {
            if (op.tombstone()) {
                present = false;
                opId = null;
                status = null;
            } else if (op.register() || (registrationRegisters && op.compactedRegistration())) {
                present = true;
                opId = op.opId();
                status = op.status();
            } else if (present && op.status() != null) {
                status = op.status();
            }
        }
        return new Expected(present, opId, status);
    }

    public CheckResult check(Collection<NodeSnapshot> nodes) {
        TreeSet<String> keys = new TreeSet<>();
        for (NodeSnapshot n : nodes) {
            keys.addAll(n.instances().keySet());
            keys.addAll(n.opsByKey().keySet());
        }
        long divergent = 0;
        long mismatched = 0;
        long modelled = 0;
        List<String> anomalies = new ArrayList<>();
        for (String key : keys) {
            if (!sameOnAllNodes(key, nodes, anomalies)) {
                divergent++;
            }
            List<ModelOp> union = new ArrayList<>();
            nodes.forEach(n -> union.addAll(n.opsByKey().getOrDefault(key, List.of())));
            if (union.isEmpty()) {
                continue;
            }
            modelled++;
            Expected expected = model(union);
            for (NodeSnapshot n : nodes) {
                String why = disagreement(expected, n.instances().get(key));
                if (why != null) {
                    mismatched++;
                    anomalies.add("resolver mismatch on " + key + " at " + n.node() + ": " + why
                            + "; model winner " + expected + "; ops " + describe(union));
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("keys", (long) keys.size());
        counts.put("modelled", modelled);
        counts.put("divergentKeys", divergent);
        counts.put("modelMismatches", mismatched);
        return new CheckResult("resolver-model", divergent == 0 && mismatched == 0, counts, anomalies);
    }

    private static String disagreement(Expected expected, ReadEntry actual) {
        if (expected.present() != (actual != null)) {
            return expected.present() ? "absent but the model keeps it" : "present (" + actual.opId() + ") but the model removed it";
        }
        if (actual == null) {
            return null;
        }
        if (expected.opId() != null && actual.opId() != null && !expected.opId().equals(actual.opId())) {
            return "holds register " + actual.opId() + " but the greatest stamp is " + expected.opId();
        }
        if (expected.status() != null && actual.status() != null && !expected.status().equals(actual.status())) {
            return "status " + actual.status() + " but the model says " + expected.status();
        }
        return null;
    }

    private static boolean sameOnAllNodes(String key, Collection<NodeSnapshot> nodes, List<String> anomalies) {
        ReadEntry first = null;
        String firstNode = null;
        for (NodeSnapshot n : nodes) {
            ReadEntry e = n.instances().get(key);
            if (firstNode == null) {
                first = e;
                firstNode = n.node();
            } else if (!Objects.equals(first, e)) {
                anomalies.add("divergent " + key + ": " + firstNode + " holds " + first + ", " + n.node() + " holds " + e);
                return false;
            }
        }
        return true;
    }

    /** Compact, in stamp order: kind@millis.logical/origin#seq[status]. */
    static String describe(Collection<ModelOp> ops) {
        List<ModelOp> sorted = new ArrayList<>(dedupe(ops).values());
        sorted.sort(ModelOp.STAMP_ORDER);
        StringBuilder b = new StringBuilder();
        for (ModelOp op : sorted) {
            b.append(op.kind()).append('@').append(op.hlcMillis()).append('.').append(op.logical()).append('/')
                    .append(op.origin()).append('#').append(op.sequence());
            if (op.status() != null) {
                b.append('[').append(op.status()).append(']');
            }
            b.append(' ');
        }
        return b.toString().trim();
    }

    private static Map<String, ModelOp> dedupe(Collection<ModelOp> ops) {
        Map<String, ModelOp> byId = new LinkedHashMap<>();
        for (ModelOp op : ops) {
            byId.putIfAbsent(op.id(), op);
        }
        return byId;
    }
}
