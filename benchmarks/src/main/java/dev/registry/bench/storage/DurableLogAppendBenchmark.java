package dev.registry.bench.storage;

import dev.registry.node.storage.DurableLog;
import dev.registry.node.storage.LogStats;
import dev.registry.node.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable append throughput on this machine's disk: each benchmark thread is one appender that waits for
 * its acknowledgement (like an HTTP write), so N threads keep N appends in flight and group commit decides
 * how many share an fsync. The score is acknowledged records/s; the "fsyncs" aux counter is forces/s.
 * pipelined64 is one non-blocking producer (like a Vert.x event loop) with up to 64 appends in flight.
 * The log lives in java.io.tmpdir (or -Dbench.dir) with the production profile lan().
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DurableLogAppendBenchmark {

    @Param({"200"})
    public int recordBytes;

    private Path dir;
    private DurableLog log;
    private byte[] record;
    private final AtomicLong fsyncsClaimed = new AtomicLong();

    /** Forces per second during an iteration, claimed by whichever appender notices them first. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Forces {
        public long fsyncs;

        @Setup(Level.Iteration)
        public void reset() {
            fsyncs = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "durable-log-bench");
        log = DurableLog.open(dir, StorageConfig.lan());
        log.start();
        record = new byte[recordBytes];
        new SplittableRandom(42).nextBytes(record);
    }

    @TearDown(Level.Iteration)
    public void report() {
        LogStats stats = log.stats();
        System.out.printf("%n  [log] records=%d fsyncs=%d avgBatch=%.1f avgForce=%.0fus segments=%d%n",
                stats.appendedRecords(), stats.fsyncs(), stats.averageBatchRecords(), stats.averageForceMicros(),
                stats.segments());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private long appendAndCount(Forces forces) {
        long number = log.append(record).join();
        claimForces(forces);
        return number;
    }

    /** Adds the forces no other thread has claimed yet to this thread's counter. */
    private void claimForces(Forces forces) {
        long seen = log.stats().fsyncs();
        long before = fsyncsClaimed.getAndAccumulate(seen, Math::max);
        if (seen > before) {
            forces.fsyncs += seen - before;
        }
    }

    /** One event-loop-like producer that never blocks on an ack but keeps at most 64 in flight. */
    @State(Scope.Thread)
    public static class Window {
        final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();

        @TearDown(Level.Iteration)
        public void drain() {
            inFlight.forEach(CompletableFuture::join);
            inFlight.clear();
        }
    }

    @Benchmark
    @Threads(1)
    public long pipelined64(Window window, Forces forces) {
        window.inFlight.addLast(log.append(record));
        long number = window.inFlight.size() >= 64 ? window.inFlight.removeFirst().join() : 0;
        claimForces(forces);
        return number;
    }

    @Benchmark
    @Threads(1)
    public long appenders01(Forces forces) {
        return appendAndCount(forces);
    }

    @Benchmark
    @Threads(8)
    public long appenders08(Forces forces) {
        return appendAndCount(forces);
    }

    @Benchmark
    @Threads(32)
    public long appenders32(Forces forces) {
        return appendAndCount(forces);
    }
}
