package dev.registry.bench.client;

import dev.registry.client.ClientConfig;
import dev.registry.client.RegistryClient;
import dev.registry.client.balance.Strategy;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client's hot path: a lookup served by the local cache plus a load-balanced pick (breaker
 * check included), as every call does before touching the network (target: p99 <= 5 us). Sample
 * mode reports the latency distribution; the cache is loaded in setup from a loopback stub peer
 * and no network call happens while measuring. Two threads, because pickers run concurrently.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(2)
public class CachedLookupBenchmark {

    @Param({"ROUND_ROBIN", "WEIGHTED_ROUND_ROBIN", "WEIGHTED_RANDOM", "LEAST_CONNECTIONS", "POWER_OF_TWO_CHOICES"})
    public String strategy;

    /** Instances of the looked-up service. */
    @Param({"10"})
    public int instances;

    private StubPeer peer;
    private RegistryClient client;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        peer = new StubPeer("bench", instances);
        ClientConfig config = ClientConfig.lan(List.of(peer.address())).withStrategy(Strategy.valueOf(strategy))
                .withZone("z1").withShutdownHook(false);
        client = RegistryClient.builder(config).build().start();
        if (client.lookup("bench").healthy().size() != instances) {
            throw new IllegalStateException("stub peer did not serve " + instances + " instances");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        peer.close();
    }

    @Benchmark
    public void lookupAndPick(Blackhole bh) throws Exception {
        bh.consume(client.pick("bench"));
    }

    @Benchmark
    public void lookupOnly(Blackhole bh) throws Exception {
        bh.consume(client.lookup("bench"));
    }
}
