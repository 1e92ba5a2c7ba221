package dev.registry.chaos.check;

import dev.registry.chaos.history.Completed;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P5, no phantoms or corruption: every instance any read or final state shows must be exactly
 * some invoked register (same key, same payload, same opId), whatever that register's outcome.
 * A failed register counts too: a node may apply a write and then fail to answer.
 */
public final class PhantomChecker {

    public CheckResult check(History history, Collection<NodeSnapshot> finalStates) {
        Set<String> invoked = new HashSet<>();
        for (Completed c : history.completed(OpKind.REGISTER)) {
            invoked.add(signature(c.key(), c.invoke().value(), c.invoke().opId()));
        }
        Set<String> phantoms = new HashSet<>();
        List<String> anomalies = new ArrayList<>();
        long seen = 0;
        for (Completed r : history.completed(OpKind.READ)) {
            if (!r.ok()) {
                continue;
            }
            for (ReadEntry e : r.completion().read()) {
                seen++;
                if (!invoked.contains(signature(e.key(), e.payload(), e.opId())) && phantoms.add(e.key() + e.opId())) {
                    anomalies.add(String.format("phantom %s (payload %s, opId %s) read on %s at %d ms",
                            e.key(), e.payload(), e.opId(), r.node(), r.startNanos() / 1_000_000L));
                }
            }
        }
        for (NodeSnapshot s : finalStates) {
            for (ReadEntry e : s.instances().values()) {
                seen++;
                if (!invoked.contains(signature(e.key(), e.payload(), e.opId())) && phantoms.add(e.key() + e.opId())) {
                    anomalies.add(String.format("phantom %s (payload %s, opId %s) in final state of %s",
                            e.key(), e.payload(), e.opId(), s.node()));
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("entriesSeen", seen);
        counts.put("phantoms", (long) phantoms.size());
        return new CheckResult("phantom", phantoms.isEmpty(), counts, anomalies);
    }

    private static String signature(String key, String payload, String opId) {
        return key + '\u0000' + payload + '\u0000' + opId;
    }
}
