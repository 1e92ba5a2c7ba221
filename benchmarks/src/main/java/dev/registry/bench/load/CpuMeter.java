package dev.registry.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU time the node processes and this generator spent over one window, per operation: a figure that the
 * other tenants of a shared machine disturb much less than throughput or latency (it counts cycles, not
 * waits). Read from the OS through {@link ProcessHandle}; a process whose CPU time is unavailable counts 0.
 */
final class CpuMeter {
    private final List<Long> nodePids;
    private List<Long> startNodes;
    private long startSelf;

    CpuMeter(List<Long> nodePids) {
        this.nodePids = List.copyOf(nodePids);
    }

    void begin() {
        startNodes = nodePids.stream().map(CpuMeter::cpuMicros).toList();
        startSelf = cpuMicros(ProcessHandle.current().pid());
    }

    /** The line for a window that completed {@code ops} operations. */
    String end(String name, long ops) {
        List<Long> nodes = new ArrayList<>();
        long nodeTotal = 0;
        for (int i = 0; i < nodePids.size(); i++) {
            long used = cpuMicros(nodePids.get(i)) - startNodes.get(i);
            nodes.add(used / 1000);
            nodeTotal += used;
        }
        long self = cpuMicros(ProcessHandle.current().pid()) - startSelf;
        double perOp = ops == 0 ? 0 : (double) nodeTotal / ops;
        double genPerOp = ops == 0 ? 0 : (double) self / ops;
        return String.format(Locale.ROOT, "CPU %s: nodes %s ms, generator %d ms; per op: nodes %.1f us, generator %.1f us"
                + " (2 cores / total = %.0f ops/s if CPU were the only limit)", name, nodes, self / 1000, perOp,
                genPerOp, perOp + genPerOp == 0 ? 0 : 2e6 / (perOp + genPerOp));
    }

    private static long cpuMicros(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L)
                / 1000;
    }
}
