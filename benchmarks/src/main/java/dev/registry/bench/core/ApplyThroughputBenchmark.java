package dev.registry.bench.core;

import dev.registry.merge.RegistryState;
import dev.registry.merge.Replica;
import dev.registry.oplog.Operation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Single-thread apply throughput of the resolver (target: >= 1,000,000 operations/s). Each invocation
 * applies a pre-generated stream of {@link #OPS} mixed operations from 3 origins to a fresh state over
 * {@code keys} keys; the score is operations/s. {@code replicaReceive} adds what a node does per remote
 * operation on top of the join: gap check, HLC witness, log append, vector update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ApplyThroughputBenchmark {

    static final int OPS = 200_000;

    /** Distinct keys the stream touches: 1,000 services of keys/1,000 instances. */
    @Param({"10000", "100000"})
    public int keys;

    private Operation[] ops;

    @Setup
    public void setUp() {
        ops = CoreWorkload.mixed(42, OPS, 3, 1_000, keys / 1_000);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void stateApply(Blackhole bh) {
        RegistryState state = new RegistryState();
        for (Operation op : ops) {
            bh.consume(state.apply(op));
        }
        bh.consume(state.digest());
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void replicaReceive(Blackhole bh) {
        Replica replica = new Replica("bench");
        long now = 1_700_000_000_000L;
        for (Operation op : ops) {
            bh.consume(replica.receive(op, now));
        }
        bh.consume(replica.state().digest());
    }
}
