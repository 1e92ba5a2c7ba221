package dev.registry.bench.load;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * The user-facing benchmarks against real node processes (issue 5): {@code reads} (cached discovery of a
 * 100-instance service, closed loop, 32 connections to one node), {@code registrations} (single PUTs, 32 in
 * flight), {@code batch} (1,000-item batches), {@code watch-serial} and {@code watch-paced} (write on node A,
 * event on a watch of node C; one at a time, and open loop at a rate). Each benchmark warms up, then measures
 * {@code --runs} windows; each window prints a result line and a JSON line, then a MEDIAN line per benchmark.
 *
 * <pre>java -Xmx1g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.registry.bench.load.LoadBench \
 *     [reads|registrations|batch|watch-serial|watch-paced|all]... [--runs 3] [--warmup 10] [--seconds 15] \
 *     [--nodes 3] [--node-jar node/target/registry-node.jar] [--node-opts "-Xms64m -Xmx512m -XX:+UseParallelGC"] \
 *     [--profile local] [--connections 32] [--batch-size 1000] [--batch-in-flight 4] [--rate 5000] [--keys 20000] \
 *     [--attach 7001,7002,7003] [--write-node 0] [--watch-node -1] \
 *     [--services 1]</pre>
 * Registrations and batch items spread their {@code --keys} ids over {@code --services} services named
 * bench-regs-N / bench-batch-N.
 * Reads, writes and batches go to node {@code --write-node} (index, default the first); the watch is opened on
 * {@code --watch-node} (default -1: the last node, so the event crosses the cluster; 0 with the default write
 * node measures one node's local path, which separates replication from the node's own cost).
 */
public final class LoadBench {
    static final List<String> ALL = List.of("reads", "registrations", "batch", "watch-serial", "watch-paced");

    private final Options options;
    private final HttpLoad load;
    private final List<Integer> ports;
    private final CpuMeter cpu;

    LoadBench(Options options, HttpLoad load, List<Integer> ports, List<Long> nodePids) {
        this.options = options;
        this.load = load;
        this.ports = ports;
        this.cpu = new CpuMeter(nodePids);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        ClusterProcesses cluster = null;
        try {
            List<Integer> ports;
            if (options.attach().isEmpty()) {
                cluster = new ClusterProcesses(launch(options), options.nodes(), options.profile()).start(120_000);
                ports = cluster.nodes().stream().map(ClusterProcesses.Node::httpPort).toList();
                System.out.println("cluster: " + cluster.nodes().size() + " nodes, http ports " + ports + ", pids "
                        + cluster.pids());
            } else {
                ports = options.attach();
            }
            try (HttpLoad load = new HttpLoad(options.connections())) {
                LoadBench bench = new LoadBench(options, load, ports, cluster == null ? List.of() : cluster.pids());
                for (String name : options.benchmarks()) {
                    List<LoadResult> results = bench.run(name);
                    LoadResult median = median(name + " MEDIAN", results);
                    System.out.println(median.line());
                    System.out.println("JSON " + median.json());
                }
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    static ClusterProcesses.Launch launch(Options options) {
        List<String> flags = Arrays.asList(options.nodeOpts().trim().split("\\s+"));
        Path jar = Path.of(options.nodeJar());
        return Files.isRegularFile(jar) ? ClusterProcesses.Launch.jar(jar, flags)
                : ClusterProcesses.Launch.classpath(System.getProperty("java.class.path"), flags);
    }

    /** Runs one benchmark: setup, a discarded warm-up window, then the measured windows. */
    List<LoadResult> run(String name) {
        int a = ports.get(options.writeNode());
        int c = ports.get(options.watchNode() < 0 ? ports.size() - 1 : options.watchNode());
        long warm = options.warmupSeconds() * 1000L;
        long window = options.seconds() * 1000L;
        List<LoadResult> results = new ArrayList<>();
        switch (name) {
            case "reads" -> {
                seedReadService(a, "bench-reads", 100);
                ClosedLoop.Operation op = Workloads.read(load, a, "bench-reads");
                results = closed(name, op, options.connections(), warm, window);
            }
            case "registrations" -> results = closed(name, Workloads.register(load, a, "bench-regs",
                    options.services(), options.keys()), options.connections(), warm, window);
            case "batch" -> results = closed(name, Workloads.batch(load, a, "bench-batch", options.services(),
                    options.batchSize(),
                    Math.max(options.keys(), options.batchSize() * 20)), options.batchInFlight(), warm, window);
            case "watch-serial", "watch-paced" -> {
                WatchLatency watch = new WatchLatency(load, a, "bench-watch", options.keys());
                try (SseWatch sse = new SseWatch(load, watch::onEvent)) {
                    sse.open(c, "bench-watch");
                    boolean serial = name.equals("watch-serial");
                    Recorder warmup = new Recorder();
                    if (serial) {
                        watch.runSerial(warm, warmup);
                    } else {
                        watch.runPaced(options.rate(), warm, warmup);
                    }
                    for (int i = 0; i < options.runs(); i++) {
                        Recorder r = new Recorder();
                        cpu.begin();
                        if (serial) {
                            watch.runSerial(window, r);
                        } else {
                            watch.runPaced(options.rate(), window, r);
                        }
                        results.add(report(r.result(serial ? name : name + "@" + options.rate() + "/s")));
                        System.out.println(cpu.end(name, results.get(i).ops()));
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + name + "; one of " + ALL);
        }
        return results;
    }

    private List<LoadResult> closed(String name, ClosedLoop.Operation op, int inFlight, long warm, long window) {
        ClosedLoop loop = new ClosedLoop(load);
        loop.run(op, inFlight, warm, new Recorder());
        List<LoadResult> results = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            Recorder r = new Recorder();
            cpu.begin();
            loop.run(op, inFlight, window, r);
            results.add(report(r.result(name)));
            System.out.println(cpu.end(name, results.get(i).ops()));
        }
        return results;
    }

    private static LoadResult report(LoadResult r) {
        System.out.println(r.line());
        System.out.println("JSON " + r.json());
        return r;
    }

    /** Registers {@code count} instances on the node, then waits until it serves them all. */
    void seedReadService(int port, String service, int count) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        load.context().runOnContext(v -> {
            List<Future<HttpLoad.Reply>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                writes.add(load.send(HttpMethod.PUT, port, Workloads.instancePath(service, "i-" + i),
                        Workloads.registration(i), false));
            }
            Future.all(writes).onComplete(ar -> {
                if (ar.failed() || writes.stream().anyMatch(f -> f.result().status() != 200)) {
                    done.completeExceptionally(new IllegalStateException("seeding " + service + " failed"));
                } else {
                    done.complete(null);
                }
            });
        });
        done.join();
        for (int attempt = 0; attempt < 100; attempt++) {
            if (servedCount(port, service) >= count) {
                return;
            }
            LockSupport.parkNanos(50_000_000L); // setup polling, 50 ms; not a measurement
        }
        throw new IllegalStateException(service + " did not reach " + count + " instances on port " + port);
    }

    int servedCount(int port, String service) {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        load.context().runOnContext(v -> load.send(HttpMethod.GET, port, "/v1/services/" + service + "/instances",
                null, true).onComplete(ar -> {
                    try {
                        n.complete(ar.succeeded() && ar.result().status() == 200
                                ? Workloads.instanceCount(ar.result().body()) : -1);
                    } catch (Exception e) {
                        n.complete(-1);
                    }
                }));
        return n.join();
    }

    /** Median of each figure separately over the windows (throughput, p50, p99, max); errors summed. */
    static LoadResult median(String name, List<LoadResult> results) {
        double seconds = med(results, LoadResult::seconds);
        double throughput = med(results, LoadResult::throughput);
        long errors = results.stream().mapToLong(LoadResult::errors).sum();
        long samples = results.stream().mapToLong(LoadResult::samples).sum();
        return new LoadResult(name, seconds, Math.round(throughput * seconds), errors, samples,
                med(results, LoadResult::p50Micros), med(results, LoadResult::p99Micros),
                med(results, LoadResult::maxMicros));
    }

    private static double med(List<LoadResult> results, ToDoubleFunction<LoadResult> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Command-line options; see the class comment for the defaults. */
    record Options(List<String> benchmarks, int runs, int warmupSeconds, int seconds, int nodes, String nodeJar,
                   String nodeOpts, String profile, int connections, int batchSize, int batchInFlight, int rate,
                   int keys, List<Integer> attach, int writeNode, int watchNode, int services) {
        static Options parse(String[] args) {
            List<String> names = new ArrayList<>();
            Map<String, String> flags = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    flags.put(args[i].substring(2), args[++i]);
                } else if (args[i].equals("all")) {
                    names.addAll(ALL);
                } else {
                    names.add(args[i]);
                }
            }
            String attach = flags.getOrDefault("attach", "");
            return new Options(names.isEmpty() ? ALL : names, num(flags, "runs", 3), num(flags, "warmup", 10),
                    num(flags, "seconds", 15), num(flags, "nodes", 3),
                    flags.getOrDefault("node-jar", "node/target/registry-node.jar"),
                    flags.getOrDefault("node-opts", "-Xms64m -Xmx512m -XX:+UseParallelGC"),
                    flags.getOrDefault("profile", "local"), num(flags, "connections", 32),
                    num(flags, "batch-size", 1000), num(flags, "batch-in-flight", 4), num(flags, "rate", 5000),
                    num(flags, "keys", 20_000), attach.isEmpty() ? List.of()
                    : Arrays.stream(attach.split(",")).map(String::trim).map(Integer::parseInt).toList(),
                    num(flags, "write-node", 0), num(flags, "watch-node", -1), num(flags, "services", 1));
        }

        private static int num(Map<String, String> flags, String key, int fallback) {
            return flags.containsKey(key) ? Integer.parseInt(flags.get(key)) : fallback;
        }
    }
}
