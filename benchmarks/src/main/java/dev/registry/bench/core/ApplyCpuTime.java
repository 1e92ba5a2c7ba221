package dev.registry.bench.core;

import dev.registry.merge.RegistryState;
import dev.registry.merge.Replica;
import dev.registry.oplog.Operation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The same workload as {@link ApplyThroughputBenchmark}, scored per CPU second of the applying
 * thread instead of per wall-clock second. On a shared machine (other processes competing for the
 * cores) wall-clock throughput mostly measures the scheduler; thread CPU time does not (cache
 * interference from neighbours still counts against us). Prints the median of the measured rounds.
 *
 * <p>{@code java -Xms2g -Xmx2g -cp ... dev.registry.bench.core.ApplyCpuTime [keys] [rounds]}
 */
public final class ApplyCpuTime {

    private ApplyCpuTime() {
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Operation[] ops = CoreWorkload.mixed(42, ApplyThroughputBenchmark.OPS, 3, 1_000, keys / 1_000);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String mode : new String[] {"stateApply", "replicaReceive"}) {
            long[] nanos = new long[rounds];
            long sink = 0;
            for (int r = -rounds; r < rounds; r++) { // the first half warms up
                long start = mx.getCurrentThreadCpuTime();
                sink += mode.equals("stateApply") ? applyAll(ops) : receiveAll(ops);
                long spent = mx.getCurrentThreadCpuTime() - start;
                if (r >= 0) {
                    nanos[r] = spent;
                }
            }
            java.util.Arrays.sort(nanos);
            double opsPerCpuSecond = ops.length / (nanos[rounds / 2] / 1e9);
            System.out.printf("%s keys=%d: %.0f ops per CPU second (median of %d rounds of %d ops; sink %d)%n",
                    mode, keys, opsPerCpuSecond, rounds, ops.length, sink & 1);
        }
    }

    private static long applyAll(Operation[] ops) {
        RegistryState state = new RegistryState();
        for (Operation op : ops) {
            state.apply(op);
        }
        return state.digest();
    }

    private static long receiveAll(Operation[] ops) {
        Replica replica = new Replica("bench");
        for (Operation op : ops) {
            replica.receive(op, 1_700_000_000_000L);
        }
        return replica.state().digest();
    }
}
