package dev.registry.bench.replication;

/**
 * Our anti-entropy cost per round while in sync, as a function of the instances held: loads N registrations
 * on node A (batches of 1,000; pushes replicate them), waits for equal digests and version vectors, settles,
 * then counts over a window. Prints the node's own count of anti-entropy bytes (SyncRequest and op-less
 * SyncReply) per counted round and, in a private network namespace, all lo bytes per round (the membership's
 * Raft and SWIM heartbeats included).
 *
 * <p>Arguments: [instances, comma-separated (10000,1000000)] [window seconds (10)] [runs (3)].
 * 1,000,000 instances on three nodes need {@code -Xmx8g}.
 */
public final class AntiEntropyBytesBenchmark {

    private AntiEntropyBytesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] sizes = (args.length > 0 ? args[0] : "10000,1000000").split(",");
        long window = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (String size : sizes) {
            int instances = Integer.parseInt(size.trim());
            double[] counted = new double[runs];
            double[] wire = new double[runs];
            for (int run = 0; run < runs; run++) {
                try (RegistryTrio trio = RegistryTrio.start(run)) {
                    long t0 = System.nanoTime();
                    trio.load(0, "a", instances);
                    long loaded = System.nanoTime();
                    SyncCost cost = RegistryScenarios.inSyncCost(trio, window);
                    System.out.printf("%d instances, run %d (loaded in %.1f s): %s%n", instances, run + 1,
                            (loaded - t0) / 1e9, cost);
                    counted[run] = cost.countedPerRound();
                    wire[run] = cost.wirePerRound();
                }
            }
            System.out.printf("%d instances, median of %d: counted %.0f B/round, wire %.0f B/round%n", instances,
                    runs, SideBySideBenchmark.median(counted), SideBySideBenchmark.median(wire));
        }
        // Atomix leaves non-daemon threads behind after stop(); the run is over.
        System.exit(0);
    }
}
