package dev.registry.bench.core;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.merge.RegistryState;
import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code instances(service)} for a service of 1,000 instances in a state of 1,000,000 (1,000
 * services x 1,000). {@code cached}: the service did not change since the last query (the common
 * case; the list is kept until the service's next visible change). {@code afterChange}: every query
 * follows a visible change of that service (one SET_STATUS apply, then the sorted list is rebuilt):
 * the worst case for a watched, churning service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class QueryLatencyBenchmark {

    private RegistryState state;
    private String service;
    private InstanceKey churning;
    private long seq;
    private long wall;

    @Setup
    public void setUp() {
        state = new RegistryState();
        SplittableRandom random = new SplittableRandom(7);
        wall = 1_700_000_000_000L;
        for (int s = 0; s < 1_000; s++) {
            String svc = CoreWorkload.service(s);
            for (int i = 0; i < 1_000; i++) {
                state.apply(new Operation("node-0", ++seq, new Hlc(wall, 0), new InstanceKey(svc, CoreWorkload.id(i)),
                        new OpPayload.Register(CoreWorkload.registration(s * 1_000 + i, random), InstanceStatus.UP,
                                "node-0")));
                wall++;
            }
        }
        service = CoreWorkload.service(500);
        churning = new InstanceKey(service, CoreWorkload.id(123));
        if (state.size() != 1_000_000 || state.instances(service).size() != 1_000) {
            throw new IllegalStateException("setup built " + state.size() + " instances");
        }
    }

    @Benchmark
    public List<InstanceState> cached() {
        return state.instances(service);
    }

    @Benchmark
    public List<InstanceState> afterChange() {
        wall++;
        state.apply(new Operation("node-0", ++seq, new Hlc(wall, 0), churning,
                new OpPayload.SetStatus((seq & 1) == 0 ? InstanceStatus.UP : InstanceStatus.DOWN)));
        return state.instances(service);
    }
}
