package dev.registry.bench.replication;

import dev.registry.bench.replication.atomix.AtomixGossipTrio;

import java.time.Duration;

/**
 * Convergence after heal and in-sync anti-entropy bytes, ours and atomix-gossip's AntiEntropyProtocol map,
 * one after the other in one JVM (so in one network namespace, see {@code src/main/sh/in-netns.sh}), each
 * with the same number of entries written on one node while the other two could not receive them.
 *
 * <ul>
 *   <li>ours: node A cut from B and C by {@link CuttableMessaging}, each side's membership view showing
 *       only its own side; N registrations on A (batches of 1,000); heal; time to equal digests and
 *       version vectors on all three.</li>
 *   <li>atomix-gossip: N entries put on A while B and C hold no replica of the map (its messages to them
 *       find no handler); B and C build the map; time until both hold N entries.</li>
 * </ul>
 * Then each system's in-sync cost per anti-entropy round over a window. Both use the same anti-entropy
 * interval (ours: {@code GossipConfig.local()}, 300 ms).
 *
 * <p>A discarded warm-up run of each system comes first. Arguments: [entries (100000)] [in-sync window
 * seconds (10)] [runs (3)].
 */
public final class SideBySideBenchmark {

    static final Duration INTERVAL = Duration.ofMillis(300);

    private SideBySideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long window = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!Loopback.privateNamespace()) {
            System.out.println("not in a private network namespace: wire bytes are not measured (use in-netns.sh)");
        }
        // One discarded run of each first: whichever system ran first would otherwise pay this JVM's JIT
        // warm-up (Kryo, Netty and collections code both use) in its figures.
        Sample warmOurs = ours(entries, 1_000, runs);
        Sample warmTheirs = atomix(entries, 1_000);
        System.out.printf("warm-up (discarded): ours %.0f ms, atomix-gossip %.0f ms%n", warmOurs.millis,
                warmTheirs.millis);
        double[] oursMs = new double[runs];
        double[] theirsMs = new double[runs];
        double[] oursWire = new double[runs];
        double[] theirsWire = new double[runs];
        for (int run = 0; run < runs; run++) {
            Sample ours = ours(entries, window, run);
            Sample theirs = atomix(entries, window);
            System.out.printf("run %d ours:          converged in %.0f ms; %s%n", run + 1, ours.millis, ours.cost);
            System.out.printf("run %d atomix-gossip: converged in %.0f ms; %s%n", run + 1, theirs.millis,
                    theirs.cost);
            System.out.printf("run %d ratios: convergence %.1fx faster, anti-entropy %.0fx fewer wire bytes/round%n",
                    run + 1, theirs.millis / ours.millis, theirs.cost.wirePerRound() / ours.cost.wirePerRound());
            oursMs[run] = ours.millis;
            theirsMs[run] = theirs.millis;
            oursWire[run] = ours.cost.wirePerRound();
            theirsWire[run] = theirs.cost.wirePerRound();
        }
        System.out.printf("median of %d: ours %.0f ms, %.0f wire B/round; atomix-gossip %.0f ms, %.0f wire B/round%n",
                runs, median(oursMs), median(oursWire), median(theirsMs), median(theirsWire));
        // Atomix leaves non-daemon threads behind after stop(); the run is over.
        System.exit(0);
    }

    record Sample(double millis, SyncCost cost) {
    }

    static Sample ours(int entries, long window, long seed) throws Exception {
        log("ours: starting three nodes");
        try (RegistryTrio trio = RegistryTrio.start(seed)) {
            log("ours: started");
            long nanos = RegistryScenarios.healConvergenceNanos(trio, entries, 0, 120_000);
            log("ours: converged after heal");
            var sample = new Sample(nanos / 1e6, RegistryScenarios.inSyncCost(trio, window));
            log("ours: stopping");
            return sample;
        }
    }

    static void log(String what) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), what);
    }

    static Sample atomix(int entries, long window) {
        log("atomix-gossip: starting three nodes");
        try (AtomixGossipTrio trio = AtomixGossipTrio.start(INTERVAL)) {
            log("atomix-gossip: started");
            long nanos = AtomixScenarios.healConvergenceNanos(trio, entries, 300_000);
            log("atomix-gossip: converged after heal");
            var sample = new Sample(nanos / 1e6, AtomixScenarios.inSyncCost(trio, entries, window));
            log("atomix-gossip: stopping");
            return sample;
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
