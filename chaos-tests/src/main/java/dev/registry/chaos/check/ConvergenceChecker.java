package dev.registry.chaos.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * P2/I1, convergence after heal. From digest samples polled on every live node after the final
 * heal (no writes after it), the convergence time is the first instant from which every node's
 * latest digest is equal and stays equal to the last sample. A final deep compare of the full
 * states backs the digest up (equal digests over unequal states would be a digest bug).
 */
public final class ConvergenceChecker {

    /** One poll of one node's {@code digest}; {@code timeNanos} on the history's clock. */
    public record DigestSample(String node, long timeNanos, String digest) {
    }

    private final long boundNanos;

    public ConvergenceChecker(long boundNanos) {
        this.boundNanos = boundNanos;
    }

    public CheckResult check(long healNanos, Set<String> liveNodes, List<DigestSample> samples,
                             Collection<NodeSnapshot> finalStates) {
        List<DigestSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingLong(DigestSample::timeNanos));
        Map<String, String> latest = new HashMap<>();
        long equalSince = -1;
        for (DigestSample s : sorted) {
            if (!liveNodes.contains(s.node())) {
                continue;
            }
            latest.put(s.node(), s.digest());
            boolean allEqual = latest.size() == liveNodes.size()
                    && latest.values().stream().filter(Objects::nonNull).distinct().count() == 1
                    && !latest.containsValue(null);
            if (allEqual && equalSince < 0) {
                equalSince = s.timeNanos();
            } else if (!allEqual) {
                equalSince = -1;
            }
        }
        List<String> anomalies = new ArrayList<>();
        long convergenceNanos = equalSince < 0 ? -1 : Math.max(0, equalSince - healNanos);
        if (equalSince < 0) {
            anomalies.add("digests did not converge after the heal at " + healNanos / 1_000_000L + " ms; last: " + latest);
        } else if (convergenceNanos > boundNanos) {
            anomalies.add("converged " + convergenceNanos / 1_000_000L + " ms after heal, bound " + boundNanos / 1_000_000L + " ms");
        }
        long deepDiffs = deepDifferences(finalStates, anomalies);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("convergenceMillis", convergenceNanos < 0 ? -1 : convergenceNanos / 1_000_000L);
        counts.put("samples", (long) sorted.size());
        counts.put("deepDifferences", deepDiffs);
        boolean valid = equalSince >= 0 && convergenceNanos <= boundNanos && deepDiffs == 0;
        return new CheckResult("convergence", valid, counts, anomalies);
    }

    private static long deepDifferences(Collection<NodeSnapshot> states, List<String> anomalies) {
        NodeSnapshot first = null;
        long diffs = 0;
        for (NodeSnapshot s : states) {
            if (first == null) {
                first = s;
            } else if (!first.instances().equals(s.instances())) {
                diffs++;
                anomalies.add("final state of " + s.node() + " differs from " + first.node() + ": "
                        + difference(first.instances(), s.instances()));
            }
        }
        return diffs;
    }

    private static String difference(Map<String, ?> a, Map<String, ?> b) {
        Map<String, String> diff = new LinkedHashMap<>();
        for (String k : a.keySet()) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                diff.put(k, a.get(k) + " vs " + b.get(k));
            }
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                diff.put(k, "absent vs " + b.get(k));
            }
        }
        return diff.size() > 5 ? diff.size() + " keys, e.g. " + diff.entrySet().iterator().next() : diff.toString();
    }
}
