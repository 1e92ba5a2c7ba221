package dev.registry.chaos.check;

import dev.registry.chaos.history.Completed;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.OpKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P4, no resurrection: after an acknowledged deregister of a key, no read that begins later than
 * its completion plus the convergence bound may show the key, on any node, ever, unless a
 * register of the key may legitimately revive it. A register may revive it when it was invoked
 * after the deregister began, overlapped it, completed within {@code clockUncertaintyNanos}
 * before it (a skewed clock can give it the greater HLC), or is indeterminate (it may apply late).
 *
 * <p>A node cut off by a fault cannot learn of the deregister, so the bound counts only from the
 * first fault-free stretch of that length after the deregister completed ({@link FaultWindows}).
 */
public final class ResurrectionChecker {
    private final long convergenceBoundNanos;
    private final long clockUncertaintyNanos;

    public ResurrectionChecker(long convergenceBoundNanos, long clockUncertaintyNanos) {
        this.convergenceBoundNanos = convergenceBoundNanos;
        this.clockUncertaintyNanos = clockUncertaintyNanos;
    }

    public CheckResult check(History history) {
        List<Completed> reads = history.completed(OpKind.READ).stream().filter(Completed::ok)
                .sorted(Comparator.comparingLong(Completed::startNanos)).toList();
        FaultWindows faults = new FaultWindows(history);
        long checked = 0;
        long resurrected = 0;
        long excused = 0;
        List<String> anomalies = new ArrayList<>();
        for (Map.Entry<String, List<Completed>> e : history.writesByKey().entrySet()) {
            Completed lastDeregister = e.getValue().stream()
                    .filter(c -> c.kind() == OpKind.DEREGISTER && c.ok())
                    .max(Comparator.comparingLong(Completed::startNanos)).orElse(null);
            if (lastDeregister == null) {
                continue;
            }
            if (mayRevive(e.getValue(), lastDeregister)) {
                excused++;
                continue;
            }
            checked++;
            long from = faults.quietFrom(lastDeregister.endNanos(), convergenceBoundNanos);
            long deadline = SetFullChecker.saturatedAdd(from, convergenceBoundNanos);
            for (Completed r : reads) {
                if (r.startNanos() >= deadline && SetFullChecker.contains(r, e.getKey())) {
                    resurrected++;
                    anomalies.add(String.format(
                            "resurrected %s: deregister %s acked at %d ms via %s; read on %s at %d ms shows it",
                            e.getKey(), lastDeregister.invoke().opId(), lastDeregister.endNanos() / 1_000_000L,
                            lastDeregister.completion().node(), r.node(), r.startNanos() / 1_000_000L));
                    break;
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("deregistersChecked", checked);
        counts.put("excusedByLaterRegister", excused);
        counts.put("resurrections", resurrected);
        return new CheckResult("resurrection", resurrected == 0, counts, anomalies);
    }

    private boolean mayRevive(List<Completed> writes, Completed deregister) {
        for (Completed w : writes) {
            if (w.kind() != OpKind.REGISTER || !w.mayHaveHappened()) {
                continue;
            }
            boolean indeterminate = !w.ok();
            boolean lateEnough = SetFullChecker.saturatedAdd(w.endNanos(), clockUncertaintyNanos) > deregister.startNanos();
            if (indeterminate || lateEnough) {
                return true;
            }
        }
        return false;
    }
}
