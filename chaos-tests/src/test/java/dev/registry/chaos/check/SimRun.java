package dev.registry.chaos.check;

import dev.registry.chaos.history.History;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import dev.registry.chaos.history.ReadEntry;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives a {@link SimCluster} through a seeded three-phase run (calm, n3 isolated with writes and
 * tombstone collection on the majority, healed) and records the history the checkers read,
 * exactly as the real runner does: invoke and completion on one (here virtual) clock.
 */
final class SimRun {
    static final long STEP_NANOS = 10_000_000L;

    final History history;
    final List<NodeSnapshot> finals;
    final List<ConvergenceChecker.DigestSample> samples;
    final long healNanos;

    private SimRun(History history, List<NodeSnapshot> finals, List<ConvergenceChecker.DigestSample> samples, long healNanos) {
        this.history = history;
        this.finals = finals;
        this.samples = samples;
        this.healNanos = healNanos;
    }

    static SimRun run(long seed, EnumSet<SimCluster.Bug> bugs) {
        long[] now = {0};
        HistoryRecorder rec = new HistoryRecorder(() -> now[0], "op-");
        SimCluster sim = new SimCluster(bugs);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            now[0] += STEP_NANOS;
            if (step == 100) {
                sim.isolate("n3");
                rec.nemesis("n3", "isolate n3");
            }
            if (step == 200) {
                sim.healAll();
                rec.nemesis("n1,n2,n3", "heal");
            }
            List<String> reachable = step >= 100 && step < 200 ? List.of("n1", "n2") : sim.nodeIds();
            act(sim, rec, random, keys, reachable, step, now);
            if (step % 5 == 0) {
                sim.gossip();
            }
            if (step % 20 == 0) {
                sim.collect();
            }
        }
        long heal = now[0];
        List<ConvergenceChecker.DigestSample> samples = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            now[0] += STEP_NANOS;
            sim.gossip();
            sim.collect();
            for (String n : sim.nodeIds()) {
                samples.add(new ConvergenceChecker.DigestSample(n, now[0], sim.snapshot(n).digest()));
            }
        }
        for (String n : sim.nodeIds()) {
            now[0] += STEP_NANOS;
            read(sim, rec, n, -2);
        }
        List<NodeSnapshot> finals = sim.nodeIds().stream().map(sim::snapshot).toList();
        return new SimRun(rec.snapshot(), finals, samples, heal);
    }

    private static void act(SimCluster sim, HistoryRecorder rec, SplittableRandom random, List<String> keys,
                            List<String> reachable, int step, long[] now) {
        String node = reachable.get(random.nextInt(reachable.size()));
        int process = random.nextInt(4);
        int dice = random.nextInt(10);
        if (dice < 4 || keys.isEmpty()) {
            String key = random.nextInt(3) == 0 && !keys.isEmpty() ? keys.get(random.nextInt(keys.size())) : "svc/i" + step;
            if (!keys.contains(key)) {
                keys.add(key);
            }
            String opId = rec.nextOpId();
            String payload = "p" + random.nextInt(1000);
            Op inv = rec.invoke(process, OpKind.REGISTER, node, key, payload, opId);
            now[0] += 1_000_000L;
            boolean ok = sim.write(node, "REGISTER", key, payload, opId, now[0] / 1_000_000L);
            rec.complete(inv, ok ? OpType.OK : OpType.FAIL, null, List.of(), ok ? null : "refused");
        } else if (dice < 6) {
            String key = keys.get(random.nextInt(keys.size()));
            Op inv = rec.invoke(process, OpKind.DEREGISTER, node, key, null, rec.nextOpId());
            now[0] += 1_000_000L;
            boolean ok = sim.write(node, "DEREGISTER", key, null, inv.opId(), now[0] / 1_000_000L);
            rec.complete(inv, ok ? OpType.OK : OpType.FAIL, null, List.of(), ok ? null : "404");
        } else {
            read(sim, rec, node, process);
        }
    }

    private static void read(SimCluster sim, HistoryRecorder rec, String node, int process) {
        Op inv = rec.invoke(process, OpKind.READ, node, null, null, rec.nextOpId());
        Map<String, ReadEntry> state = sim.read(node);
        rec.complete(inv, OpType.OK, null, List.copyOf(state.values()), null);
    }
}
