package dev.registry.chaos.check;

import java.util.List;
import java.util.Map;

/**
 * What one checker found. {@code counts} are the checker's tallies (for set-full: acked, stable,
 * lost, neverRead...); {@code anomalies} describe the first violations with their times, so a
 * failure names the smallest window to look at. At most {@link #MAX_ANOMALIES} are kept.
 */
public record CheckResult(String checker, boolean valid, Map<String, Long> counts, List<String> anomalies) {
    public static final int MAX_ANOMALIES = 20;

    public CheckResult {
        counts = Map.copyOf(counts);
        anomalies = List.copyOf(anomalies.size() > MAX_ANOMALIES ? anomalies.subList(0, MAX_ANOMALIES) : anomalies);
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }
}
