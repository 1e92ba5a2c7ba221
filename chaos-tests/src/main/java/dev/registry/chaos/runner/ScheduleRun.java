package dev.registry.chaos.runner;

import dev.registry.chaos.check.CheckResult;
import dev.registry.chaos.check.ConvergenceChecker.DigestSample;
import dev.registry.chaos.check.Evaluation;
import dev.registry.chaos.check.MassExpiryChecker;
import dev.registry.chaos.check.NodeSnapshot;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.HistoryJsonl;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpType;
import dev.registry.chaos.nemesis.NemesisExecutor;
import dev.registry.chaos.net.Network;
import dev.registry.chaos.net.NetworkNemesis;
import dev.registry.chaos.process.NodeCluster;
import dev.registry.chaos.report.ScheduleResult;
import dev.registry.chaos.schedule.Action;
import dev.registry.chaos.schedule.Schedule;
import dev.registry.chaos.workload.NodeApi;
import dev.registry.chaos.workload.Workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One schedule against the running cluster: reset to healthy, run the workload while the nemesis
 * plays the schedule, stop writing, measure convergence, read the final states, check, and write
 * the history. Runs on the runner thread; the workload runs its own threads.
 */
final class ScheduleRun {
    private final RunSettings settings;
    private final Network network;
    private final NetworkNemesis links;
    private final NodeCluster cluster;
    private final Map<String, NodeApi> apis;

    ScheduleRun(RunSettings settings, Network network, NetworkNemesis links, NodeCluster cluster, Map<String, NodeApi> apis) {
        this.settings = settings;
        this.network = network;
        this.links = links;
        this.cluster = cluster;
        this.apis = apis;
    }

    ScheduleResult run(int index, Schedule schedule, Path historyDir) {
        long t0 = System.nanoTime();
        resetCluster();
        long tReset = System.nanoTime();
        HistoryRecorder recorder = new HistoryRecorder(System::nanoTime, "s" + index + "-");
        long wallMinusRun = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(recorder.nowNanos());
        String service = "chaos-" + index;
        boolean wipes = schedule.steps().stream().anyMatch(s -> s.action() instanceof Action.WipeRestart);
        Workload workload = new Workload(recorder, List.copyOf(apis.values()),
                new Workload.Config(service, settings.plainProcesses(), settings.failoverProcesses(), settings.clientLibraryProcesses(),
                        settings.ttlSeconds(), wipes ? 2 : 1, settings.thinkMillis()), schedule.seed());
        NemesisExecutor nemesis = new NemesisExecutor(cluster, network, links, recorder);
        long start = recorder.nowNanos();
        workload.start();
        try {
            nemesis.play(schedule, start);
            long end = start + TimeUnit.MILLISECONDS.toNanos(schedule.durationMillis());
            long wait;
            while ((wait = end - recorder.nowNanos()) > 0) {
                LockSupport.parkNanos(wait);
            }
        } finally {
            workload.stop();
        }
        long quiesce = recorder.nowNanos();
        long tWorkload = System.nanoTime();
        awaitReady(settings.readyTimeoutMillis());
        long tReady = System.nanoTime();
        ClusterProbe probe = new ClusterProbe(recorder, wallMinusRun);
        List<DigestSample> samples = probe.pollDigests(apis.values(), 1_000, settings.convergenceBoundMillis() + 1_000);
        apis.values().forEach(api -> workload.read(1_000, api));
        History history = recorder.snapshot();
        long tDigests = System.nanoTime();
        List<MassExpiryChecker.Expiry> expiries = new ArrayList<>();
        List<NodeSnapshot> finals = new ArrayList<>();
        for (NodeApi api : apis.values()) {
            finals.add(probe.snapshot(api, service, history.writesByKey().keySet(), expiries));
        }
        long tFinals = System.nanoTime();
        Evaluation.Bounds bounds = new Evaluation.Bounds(settings.convergenceBoundMillis(), settings.failoverBoundMillis(),
                schedule.maxClockOffsetMillis() + NodeCluster.DEADLINE_TOLERANCE_MILLIS, settings.ttlSeconds() * 1_000L, 4, 5_000, settings.tombstoneBound());
        List<CheckResult> checks = Evaluation.run(bounds, new Evaluation.Inputs(history, finals,
                new HashSet<>(apis.keySet()), samples, quiesce, workload.failoverProcesses(), expiries,
                minorityWindows(history)));
        long tSnapshot = System.nanoTime();
        System.out.printf("  %s phases: reset %d ms, workload %d ms, ready %d ms, digests %d ms, snapshots %d ms, checks %d ms%n",
                schedule.name(), (tReset - t0) / 1_000_000, (tWorkload - tReset) / 1_000_000,
                (tReady - tWorkload) / 1_000_000, (tDigests - tReady) / 1_000_000, (tFinals - tDigests) / 1_000_000,
                (tSnapshot - tFinals) / 1_000_000);
        Path file = historyDir.resolve(String.format("%02d-%s.jsonl", index, schedule.name()));
        new HistoryJsonl().write(history, file);
        if (!probe.divergentRounds().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("quiesce at " + quiesce / 1_000_000L + " ms; polls whose digests differed:");
            lines.addAll(probe.divergentRounds());
            try {
                Files.write(historyDir.resolve(String.format("%02d-%s.convergence.txt", index, schedule.name())), lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        retire(service, finals);
        return ScheduleResult.from(schedule.name(), schedule.seed(), schedule.describe(), history, checks,
                cluster.nodes(), file.toString());
    }

    /**
     * Deregisters what the schedule left registered. The cluster runs every schedule of a run, and an
     * instance left behind would expire a TTL later, in the middle of a later schedule: its owner's stream
     * of expiries then keeps the digests (which cover every service) from settling, and that schedule's
     * convergence measures the previous one's leftovers instead of replication. Best effort: each key is
     * tried on every node in turn; what is still left is reported, not failed on.
     */
    private void retire(String service, List<NodeSnapshot> finals) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        finals.forEach(f -> keys.addAll(f.instances().keySet()));
        int left = 0;
        for (String key : keys) {
            String id = key.substring(key.indexOf('/') + 1);
            boolean gone = false;
            for (NodeApi api : apis.values()) {
                var reply = api.deregister(service, id, 1);
                if (reply.ok() || reply.status() == 404) {
                    gone = true;
                    break;
                }
            }
            left += gone ? 0 : 1;
        }
        if (left > 0) {
            System.out.printf("  %d of %d leftover instances of %s could not be deregistered%n", left, keys.size(), service);
        }
    }

    /** An isolated node is alone on its side: a minority until the next heal. */
    static List<MassExpiryChecker.MinorityWindow> minorityWindows(History history) {
        List<MassExpiryChecker.MinorityWindow> out = new ArrayList<>();
        List<Op> nemesis = history.nemesis();
        for (int i = 0; i < nemesis.size(); i++) {
            Op op = nemesis.get(i);
            if (!op.value().startsWith("isolate ")) {
                continue;
            }
            long end = Long.MAX_VALUE;
            for (int j = i + 1; j < nemesis.size(); j++) {
                if (nemesis.get(j).value().startsWith("heal")) {
                    end = nemesis.get(j).timeNanos();
                    break;
                }
            }
            out.add(new MassExpiryChecker.MinorityWindow(op.node(), op.timeNanos(), end));
        }
        return out;
    }

    /** Every schedule starts from a healed, running cluster with honest clocks. */
    private void resetCluster() {
        links.heal();
        network.reconnectAll();
        cluster.healProcesses();
        for (String n : cluster.nodes()) {
            if (cluster.clockOffset(n) != 0) {
                cluster.clockOffset(n, 0);
            }
        }
        awaitReady(settings.readyTimeoutMillis());
    }

    private void awaitReady(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (apis.values().stream().allMatch(api -> api.get("/ready").type() == OpType.OK)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("nodes not ready within " + timeoutMillis + " ms (pids " + cluster.pids() + ")");
    }
}
