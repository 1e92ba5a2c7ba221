package dev.registry.chaos.check;

import dev.registry.chaos.history.Completed;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.OpKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * I5/P11, self-preservation: a node cut off from the majority must not expire leases that are
 * alive. An expiry is <b>false</b> when the key had an acknowledged register or heartbeat less
 * than one TTL before it; it is a <b>minority</b> false expiry when its origin was inside a
 * minority window at that time. Gate: no minority false expiries, and false expiries overall at
 * most {@code maxFalseExpiries} (a majority-side owner that cannot hear heartbeats sent to the
 * minority side may legitimately expire). Times are on the history's clock; the runner converts
 * node HLC wall times with {@code toleranceNanos} slack for clock offsets and polling.
 */
public final class MassExpiryChecker {

    public record Expiry(String key, String origin, long timeNanos) {
    }

    public record MinorityWindow(String node, long startNanos, long endNanos) {
    }

    private final long ttlNanos;
    private final long toleranceNanos;
    private final long maxFalseExpiries;

    public MassExpiryChecker(long ttlNanos, long toleranceNanos, long maxFalseExpiries) {
        this.ttlNanos = ttlNanos;
        this.toleranceNanos = toleranceNanos;
        this.maxFalseExpiries = maxFalseExpiries;
    }

    public CheckResult check(History history, List<Expiry> expiries, List<MinorityWindow> windows) {
        Map<String, List<Long>> renewals = new HashMap<>();
        for (Completed c : history.completed()) {
            if (c.ok() && (c.kind() == OpKind.REGISTER || c.kind() == OpKind.HEARTBEAT)) {
                renewals.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c.endNanos());
            }
        }
        long falseExpiries = 0;
        long minority = 0;
        List<String> anomalies = new ArrayList<>();
        for (Expiry x : expiries) {
            long from = x.timeNanos() - ttlNanos + toleranceNanos;
            boolean alive = renewals.getOrDefault(x.key(), List.of()).stream()
                    .anyMatch(t -> t >= from && t <= x.timeNanos() + toleranceNanos);
            if (!alive) {
                continue;
            }
            falseExpiries++;
            boolean inMinority = windows.stream().anyMatch(w -> w.node().equals(x.origin())
                    && x.timeNanos() >= w.startNanos() && x.timeNanos() <= w.endNanos());
            if (inMinority) {
                minority++;
                anomalies.add("minority node " + x.origin() + " expired live lease " + x.key() + " at "
                        + x.timeNanos() / 1_000_000L + " ms");
            }
        }
        if (falseExpiries > maxFalseExpiries) {
            anomalies.add(falseExpiries + " live leases expired, at most " + maxFalseExpiries + " allowed");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("expiries", (long) expiries.size());
        counts.put("falseExpiries", falseExpiries);
        counts.put("minorityFalseExpiries", minority);
        return new CheckResult("mass-expiry", minority == 0 && falseExpiries <= maxFalseExpiries, counts, anomalies);
    }
}
