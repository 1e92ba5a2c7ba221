package dev.registry.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator end to end against one real node process (launched from this JVM's class path): every
 * benchmark runs a short window and must complete operations without errors. Never a speed assertion.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadBenchSmokeTest {

    @Test
    void everyBenchmarkCompletesOperationsAgainstARealNode() throws Exception {
        ClusterProcesses.Launch launch = ClusterProcesses.Launch.classpath(System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        LoadBench.Options options = LoadBench.Options.parse(new String[] {"all", "--runs", "1", "--warmup", "0",
                "--seconds", "1", "--connections", "4", "--batch-size", "10", "--batch-in-flight", "2",
                "--rate", "200", "--keys", "100"});
        try (ClusterProcesses cluster = new ClusterProcesses(launch, 1, "test").start(30_000);
             HttpLoad load = new HttpLoad(options.connections())) {
            LoadBench bench = new LoadBench(options, load, List.of(cluster.node(0).httpPort()), cluster.pids());
            for (String name : LoadBench.ALL) {
                List<LoadResult> results = bench.run(name);
                assertEquals(1, results.size(), name);
                LoadResult r = results.get(0);
                assertTrue(r.ops() > 0, name + " completed no operation: " + r.line());
                assertEquals(0, r.errors(), name + " had errors: " + r.line());
                assertTrue(r.samples() > 0 && r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r.line());
                assertTrue(r.json().startsWith("{\"benchmark\":\""), r.json());
            }
            assertEquals(100, bench.servedCount(cluster.node(0).httpPort(), "bench-reads"));
            // Batches cycle through at least 20 distinct batches: 20 x 10 ids.
            assertEquals(200, bench.servedCount(cluster.node(0).httpPort(), "bench-batch-0"));
        }
    }

    @Test
    void medianTakesTheMiddleOfEachFigure() {
        List<LoadResult> runs = List.of(new LoadResult("x", 1, 100, 1, 100, 10, 90, 200),
                new LoadResult("x", 1, 300, 0, 300, 30, 70, 100), new LoadResult("x", 1, 200, 2, 200, 20, 80, 300));
        LoadResult m = LoadBench.median("m", runs);
        assertEquals(200, m.throughput(), 1e-9);
        assertEquals(20, m.p50Micros(), 1e-9);
        assertEquals(80, m.p99Micros(), 1e-9);
        assertEquals(200, m.maxMicros(), 1e-9);
        assertEquals(3, m.errors());
    }
}
