package dev.registry.chaos.check;

import dev.registry.chaos.history.Completed;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * P9, client failover. For every nemesis event that makes a node unusable (kill, pause, isolate:
 * the description starts with one of {@code disruptiveFaults}), each failover client whose last
 * operation before the event went to an affected node must complete an operation OK within the
 * bound: through another node (a failover) or, when the fault healed first, through the same one.
 * Either way nothing can answer OK from a killed, paused or isolated node while the fault lasts,
 * so the first OK after the event ends the outage. The failover time is that completion minus
 * the event time. Nemesis entries name the affected nodes comma-separated in {@code node}.
 */
public final class FailoverChecker {
    private final long boundNanos;
    private final Set<String> disruptiveFaults;

    public FailoverChecker(long boundNanos, Set<String> disruptiveFaults) {
        this.boundNanos = boundNanos;
        this.disruptiveFaults = Set.copyOf(disruptiveFaults);
    }

    public CheckResult check(History history, Set<Integer> failoverProcesses) {
        Map<Integer, List<Completed>> byProcess = new LinkedHashMap<>();
        for (Completed c : history.completed()) {
            if (failoverProcesses.contains(c.invoke().process())) {
                byProcess.computeIfAbsent(c.invoke().process(), p -> new ArrayList<>()).add(c);
            }
        }
        long maxNanos = 0;
        long measured = 0;
        long violations = 0;
        List<String> anomalies = new ArrayList<>();
        for (Op event : history.nemesis()) {
            String name = event.value() == null ? "" : event.value().split(" ", 2)[0];
            if (!disruptiveFaults.contains(name) || event.node() == null) {
                continue;
            }
            Set<String> affected = Arrays.stream(event.node().split(",")).map(String::trim).collect(Collectors.toSet());
            for (Map.Entry<Integer, List<Completed>> p : byProcess.entrySet()) {
                Completed before = p.getValue().stream().filter(c -> c.startNanos() < event.timeNanos())
                        .max(Comparator.comparingLong(Completed::startNanos)).orElse(null);
                if (before == null || !affected.contains(answeringNode(before))) {
                    continue;
                }
                Completed recovered = p.getValue().stream()
                        .filter(c -> c.ok() && c.endNanos() >= event.timeNanos())
                        .min(Comparator.comparingLong(Completed::endNanos)).orElse(null);
                boolean ranAfter = p.getValue().stream().anyMatch(c -> c.startNanos() > event.timeNanos());
                if (recovered == null) {
                    if (ranAfter) {
                        violations++;
                        anomalies.add("process " + p.getKey() + " never failed over after '" + event.value()
                                + "' at " + event.timeMillis() + " ms");
                    }
                    continue;
                }
                long took = recovered.endNanos() - event.timeNanos();
                measured++;
                maxNanos = Math.max(maxNanos, took);
                if (took > boundNanos) {
                    violations++;
                    anomalies.add("process " + p.getKey() + " took " + took / 1_000_000L + " ms to fail over after '"
                            + event.value() + "' at " + event.timeMillis() + " ms");
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("failovers", measured);
        counts.put("maxFailoverMillis", maxNanos / 1_000_000L);
        counts.put("violations", violations);
        return new CheckResult("failover", violations == 0, counts, anomalies);
    }

    private static String answeringNode(Completed c) {
        return c.completion() != null ? c.completion().node() : c.node();
    }
}
