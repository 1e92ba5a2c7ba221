package dev.registry.bench.replication;

import dev.registry.api.WatchEvent;
import dev.registry.node.registry.RegistryService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Propagation latency, three nodes on loopback: a paced writer registers on node A at a fixed rate on an
 * open-loop schedule (each write is issued at its planned time whatever earlier ones are doing); node C's
 * watch listener notes when each instance arrives. Latency = arrival at C - completion of A's write future
 * (the acknowledgement). Writes of the warm-up period are not recorded.
 *
 * <p>Arguments: [rate/s (5000)] [measured seconds (25)] [warm-up seconds (5)] [runs (1)].
 * Run: {@code java -Xmx2g <opens> -cp benchmarks/target/benchmarks.jar
 * dev.registry.bench.replication.PropagationBenchmark}.
 */
public final class PropagationBenchmark {

    private PropagationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        for (int run = 1; run <= runs; run++) {
            try (RegistryTrio trio = RegistryTrio.start(run)) {
                Result r = run(trio, rate, seconds, warmup);
                System.out.printf("run %d: %s%n", run, r);
            }
        }
        // Atomix leaves non-daemon threads behind after stop(); the run is over.
        System.exit(0);
    }

    /** Quantiles in microseconds. */
    record Result(long writes, double achievedRate, long missing, long p50, long p90, long p99, long max,
                  long ackP99) {
        @Override
        public String toString() {
            return String.format("writes %d at %.0f/s achieved, missing at C %d; A-ack -> C-applied us: p50 %d, "
                    + "p90 %d, p99 %d, max %d (write ack p99 %d us)", writes, achievedRate, missing, p50, p90,
                    p99, max, ackP99);
        }
    }

    static Result run(RegistryTrio trio, int rate, int seconds, int warmup) throws Exception {
        Loopback.until(() -> trio.registry(0).ready() && trio.registry(2).ready(), 30_000, 10, "nodes ready");
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        Histogram ackLatency = new Histogram(60_000_000L, 3);
        AtomicLong failures = new AtomicLong();
        try (AutoCloseable watch = trio.service(2).watch(Set.of(), event -> {
            if (event.type() == WatchEvent.Type.REGISTERED) {
                arrived.putIfAbsent(event.instance().id(), System.nanoTime());
            }
        })) {
            RegistryService writer = trio.service(0);
            long period = 1_000_000_000L / rate;
            long total = (long) rate * (seconds + warmup);
            long recordedFrom = (long) rate * warmup;
            long start = System.nanoTime() + 10_000_000L;
            for (long i = 0; i < total; i++) {
                long planned = start + i * period;
                long wait = planned - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String id = (i < recordedFrom ? "w-" : "m-") + i;
                boolean recorded = i >= recordedFrom;
                writer.register("svc-" + (i % 100), id, RegistryTrio.request("svc-" + (i % 100), id, (int) i),
                        RegistryService.Acks.ONE).whenComplete((result, error) -> {
                            long now = System.nanoTime();
                            if (error != null || !(result instanceof dev.registry.node.registry.WriteResult.Ok)) {
                                failures.incrementAndGet();
                            } else if (recorded) {
                                acked.put(id, now);
                                synchronized (ackLatency) {
                                    ackLatency.recordValue(Math.max(0, (now - planned) / 1_000));
                                }
                            }
                        });
            }
            long issuedIn = System.nanoTime() - start;
            long measured = total - recordedFrom;
            try {
                Loopback.until(() -> acked.size() + failures.get() >= measured
                        && arrived.keySet().containsAll(acked.keySet()), 30_000, 10, "arrivals at C");
            } catch (IllegalStateException e) {
                System.out.println("  " + e.getMessage());
            }
            Histogram latency = new Histogram(60_000_000L, 3);
            long missing = 0;
            for (var entry : acked.entrySet()) {
                Long at = arrived.get(entry.getKey());
                if (at == null) {
                    missing++;
                } else {
                    latency.recordValue(Math.max(0, (at - entry.getValue()) / 1_000));
                }
            }
            if (failures.get() > 0) {
                System.out.println("  write failures: " + failures.get());
            }
            return new Result(acked.size(), total * 1e9 / issuedIn, missing, latency.getValueAtPercentile(50),
                    latency.getValueAtPercentile(90), latency.getValueAtPercentile(99), latency.getMaxValue(),
                    ackLatency.getValueAtPercentile(99));
        }
    }
}
