package dev.registry.bench.replication;

import dev.registry.bench.replication.atomix.AtomixGossipTrio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Convergence after heal and in-sync anti-entropy bytes, ours and atomix-gossip's AntiEntropyProtocol map,
 * in one run, each with the same number of entries written on one node while the other two could not
 * receive them.
 *
 * <ul>
 *   <li>ours: node A cut from B and C by {@link CuttableMessaging}, each side's membership view showing
 *       only its own side; N registrations on A (batches of 1,000); heal; time to equal digests and
 *       version vectors on all three.</li>
 *   <li>atomix-gossip, repair: the map built on all three, A's map traffic cut from B and C
 *       ({@code AtomixGossipTrio.isolate}), N entries put on A, heal; time until B and C hold N entries.</li>
 *   <li>atomix-gossip, bootstrap (its fastest path, reported beside): N entries put on A while B and C hold
 *       no replica of the map; B and C build the map, pulling everything at once; time until both hold N.</li>
 * </ul>
 * Then each system's in-sync cost per anti-entropy round over a window. Both use the same anti-entropy
 * interval (ours: {@code GossipConfig.local()}, 300 ms).
 *
 * <p>Each measurement runs in a JVM of its own, forked with this JVM's flags, the two systems alternating:
 * both use Kryo and Netty, and in one shared JVM whichever ran last left those call sites compiled for its
 * own types, so the other paid deoptimization and recompilation inside its measured window. Each forked
 * JVM first runs discarded warm-up rounds of its system. Arguments: [entries (100000)] [in-sync window
 * seconds (10)] [runs (3)] [warm-up rounds per JVM (2)].
 */
public final class SideBySideBenchmark {

    static final Duration INTERVAL = Duration.ofMillis(300);
    /** Marks the one line of a forked measurement's output that carries its result. */
    private static final String RESULT = "RESULT ";
    /** A forked measurement normally takes one to two minutes. */
    private static final long FORK_TIMEOUT_MINUTES = 6;

    private SideBySideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            try {
                child(args);
            } catch (Throwable failed) {
                // Atomix's non-daemon threads would keep a failed measurement's JVM alive until the watchdog.
                failed.printStackTrace();
                System.exit(1);
            }
            return;
        }
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long windowSeconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        if (!Loopback.privateNamespace()) {
            System.out.println("not in a private network namespace: wire bytes are not measured (use in-netns.sh)");
        }
        double[] oursMs = new double[runs];
        double[] theirsMs = new double[runs];
        double[] bootstrapMs = new double[runs];
        double[] oursWire = new double[runs];
        double[] theirsWire = new double[runs];
        for (int run = 0; run < runs; run++) {
            Sample ours = fork("ours", entries, windowSeconds, warmups, run);
            Sample theirs = fork("atomix", entries, windowSeconds, warmups, run);
            Sample bootstrap = fork("atomix-bootstrap", entries, windowSeconds, warmups, run);
            System.out.printf("run %d ours:                    converged in %.0f ms; %s%n", run + 1, ours.millis,
                    ours.cost);
            System.out.printf("run %d atomix-gossip repair:    converged in %.0f ms; %s%n", run + 1, theirs.millis,
                    theirs.cost);
            System.out.printf("run %d atomix-gossip bootstrap: converged in %.0f ms%n", run + 1, bootstrap.millis);
            System.out.printf("run %d ratios: convergence %.1fx faster (%.1fx against its bootstrap), anti-entropy"
                            + " %.0fx fewer wire bytes/round%n", run + 1, theirs.millis / ours.millis,
                    bootstrap.millis / ours.millis, theirs.cost.wirePerRound() / ours.cost.wirePerRound());
            oursMs[run] = ours.millis;
            theirsMs[run] = theirs.millis;
            bootstrapMs[run] = bootstrap.millis;
            oursWire[run] = ours.cost.wirePerRound();
            theirsWire[run] = theirs.cost.wirePerRound();
        }
        System.out.printf("median of %d: ours %.0f ms, %.0f wire B/round; atomix-gossip repair %.0f ms, %.0f wire"
                        + " B/round, bootstrap %.0f ms; convergence %.1fx faster (%.1fx against its bootstrap)%n",
                runs, median(oursMs), median(oursWire), median(theirsMs), median(theirsWire), median(bootstrapMs),
                median(theirsMs) / median(oursMs), median(bootstrapMs) / median(oursMs));
    }

    /**
     * Runs one system's warm-ups and one measured round in a new JVM with this JVM's flags; a JVM that has
     * not finished in {@link #FORK_TIMEOUT_MINUTES} (an Atomix start-up that never completes) is killed and
     * the measurement taken once more in a new one.
     */
    private static Sample fork(String system, int entries, long windowSeconds, int warmups, int run)
            throws IOException, InterruptedException {
        try {
            return forkOnce(system, entries, windowSeconds, warmups, run);
        } catch (IllegalStateException failed) {
            System.out.println(failed.getMessage() + "; once more in a new JVM");
            return forkOnce(system, entries, windowSeconds, warmups, run);
        }
    }

    private static Sample forkOnce(String system, int entries, long windowSeconds, int warmups, int run)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SideBySideBenchmark.class.getName(),
                "child", system, Integer.toString(entries), Long.toString(windowSeconds), Integer.toString(warmups),
                Integer.toString(run)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(FORK_TIMEOUT_MINUTES, java.util.concurrent.TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "side-by-side-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Sample sample = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    sample = Sample.parse(line.substring(RESULT.length()));
                } else {
                    System.out.println("  " + system + "| " + line);
                }
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || sample == null) {
            throw new IllegalStateException("the " + system + " measurement failed (exit " + exit + ")");
        }
        return sample;
    }

    /** In a forked JVM: {@code child <system> <entries> <window s> <warm-ups> <seed>}. */
    private static void child(String[] args) throws Exception {
        String system = args[1];
        int entries = Integer.parseInt(args[2]);
        long window = Long.parseLong(args[3]) * 1_000;
        int warmups = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        for (int i = 0; i < warmups; i++) {
            Sample warm = measure(system, entries, 1_000, 1_000 + i);
            log(String.format("warm-up %d (discarded): %.0f ms", i + 1, warm.millis));
        }
        Sample sample = measure(system, entries, window, seed);
        System.out.println(RESULT + sample.format());
        System.out.flush();
        // Atomix leaves non-daemon threads behind after stop(); the measurement is over.
        System.exit(0);
    }

    private static Sample measure(String system, int entries, long window, long seed) throws Exception {
        return switch (system) {
            case "ours" -> ours(entries, window, seed);
            case "atomix" -> atomix(entries, window, false);
            case "atomix-bootstrap" -> atomix(entries, window, true);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    record Sample(double millis, SyncCost cost) {

        String format() {
            return millis + " " + cost.windowMillis() + " " + cost.rounds() + " " + cost.countedBytes() + " "
                    + cost.wireBytes();
        }

        static Sample parse(String line) {
            String[] f = line.trim().split(" ");
            return new Sample(Double.parseDouble(f[0]), new SyncCost(Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4])));
        }
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
        long now = System.currentTimeMillis();
        System.out.printf("[%tT.%tL] %s%n", now, now, what);
    }

    static Sample atomix(int entries, long window, boolean bootstrap) {
        log("atomix-gossip: starting three nodes");
        try (AtomixGossipTrio trio = AtomixGossipTrio.start(INTERVAL)) {
            log("atomix-gossip: started");
            long nanos = bootstrap ? AtomixScenarios.bootstrapConvergenceNanos(trio, entries, 300_000)
                    : AtomixScenarios.repairConvergenceNanos(trio, entries, 300_000);
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
