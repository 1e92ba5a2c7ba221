package dev.registry.chaos.check;

import dev.registry.chaos.history.Completed;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P1, no lost acknowledged write, after Jepsen's set-full. The element of the set is a key: a key
 * whose latest acknowledged register has no deregister that may have taken effect after it must
 * be present in every node's final read.
 *
 * <p>Outcomes per such key: <b>stable</b> (every node's last read after the ack shows it),
 * <b>lost</b> (some node's last read after the ack lacks it), <b>never-read</b> (no read began
 * after the ack). Keys where a deregister is concurrent with or later than the register (or is
 * indeterminate, so may apply at any later time) are <b>ambiguous</b> and left to the resurrection
 * and resolver checkers. {@code clockUncertaintyNanos} widens "concurrent" by the largest clock
 * offset a schedule injects: HLC orders by node clocks, so a deregister that completed less than
 * that before the register may still carry the greater stamp.
 */
public final class SetFullChecker {
    private final long clockUncertaintyNanos;

    public SetFullChecker(long clockUncertaintyNanos) {
        this.clockUncertaintyNanos = clockUncertaintyNanos;
    }

    public CheckResult check(History history) {
        List<Completed> reads = history.completed(OpKind.READ).stream()
                .filter(Completed::ok)
                .sorted(Comparator.comparingLong(Completed::startNanos))
                .toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : List.of("acked", "required", "stable", "lost", "neverRead", "ambiguous")) {
            counts.put(c, 0L);
        }
        List<String> anomalies = new ArrayList<>();
        long maxStableLatency = 0;
        for (Map.Entry<String, List<Completed>> e : history.writesByKey().entrySet()) {
            List<Completed> registers = e.getValue().stream()
                    .filter(c -> c.kind() == OpKind.REGISTER && c.ok()).toList();
            counts.merge("acked", (long) registers.size(), Long::sum);
            if (registers.isEmpty()) {
                continue;
            }
            Completed latest = registers.stream().max(Comparator.comparingLong(Completed::startNanos)).orElseThrow();
            if (deregisterMayFollow(e.getValue(), latest)) {
                counts.merge("ambiguous", 1L, Long::sum);
                continue;
            }
            counts.merge("required", 1L, Long::sum);
            Outcome o = outcome(e.getKey(), latest, reads);
            counts.merge(o.name, 1L, Long::sum);
            if (o.name.equals("lost")) {
                anomalies.add(o.detail);
            } else if (o.name.equals("stable")) {
                maxStableLatency = Math.max(maxStableLatency, o.stableLatencyNanos);
            }
        }
        counts.put("maxStableLatencyMillis", maxStableLatency / 1_000_000L);
        return new CheckResult("set-full", counts.get("lost") == 0, counts, anomalies);
    }

    private boolean deregisterMayFollow(List<Completed> writes, Completed register) {
        for (Completed w : writes) {
            if (w.kind() == OpKind.DEREGISTER && w.mayHaveHappened()
                    && saturatedAdd(w.endNanos(), clockUncertaintyNanos) > register.startNanos()) {
                return true;
            }
        }
        return false;
    }

    private record Outcome(String name, long stableLatencyNanos, String detail) {
    }

    private static Outcome outcome(String key, Completed register, List<Completed> reads) {
        long ackedAt = register.endNanos();
        Map<String, Completed> lastPerNode = new HashMap<>();
        long lastMissingStart = -1;
        long firstAfter = -1;
        for (Completed r : reads) {
            if (r.startNanos() < ackedAt) {
                continue;
            }
            if (firstAfter < 0) {
                firstAfter = r.startNanos();
            }
            lastPerNode.put(r.node(), r);
            if (!contains(r, key)) {
                lastMissingStart = r.startNanos();
            }
        }
        if (lastPerNode.isEmpty()) {
            return new Outcome("neverRead", 0, null);
        }
        for (Completed last : lastPerNode.values()) {
            if (!contains(last, key)) {
                return new Outcome("lost", 0, String.format(
                        "lost %s: register %s acked at %d ms via %s; final read on %s at %d ms lacks it",
                        key, register.invoke().opId(), ackedAt / 1_000_000L, register.completion().node(),
                        last.node(), last.startNanos() / 1_000_000L));
            }
        }
        long stableFrom = firstAfter;
        if (lastMissingStart >= 0) {
            long after = lastMissingStart;
            stableFrom = reads.stream().mapToLong(Completed::startNanos).filter(t -> t > after).min().orElse(after);
        }
        return new Outcome("stable", stableFrom - ackedAt, null);
    }

    static boolean contains(Completed read, String key) {
        for (ReadEntry e : read.completion().read()) {
            if (e.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
