package dev.registry.chaos.runner;

import dev.registry.chaos.check.CheckResult;
import dev.registry.chaos.net.Exec;
import dev.registry.chaos.net.Network;
import dev.registry.chaos.net.NetworkNemesis;
import dev.registry.chaos.process.NodeCluster;
import dev.registry.chaos.process.ProcessNemesis;
import dev.registry.chaos.report.ReportWriter;
import dev.registry.chaos.report.RunReport;
import dev.registry.chaos.report.ScheduleResult;
import dev.registry.chaos.schedule.NamedSchedules;
import dev.registry.chaos.schedule.RandomSchedules;
import dev.registry.chaos.schedule.Schedule;
import dev.registry.chaos.workload.NodeApi;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chaos run, inside the {@link dev.registry.chaos.net.Sandbox}: builds the network, starts three
 * nodes, plays the schedules, writes {@code chaos-report.json} and {@code chaos-report.html}, stops
 * its nodes by PID and exits 0 when every schedule passed. A failing schedule prints its seed and
 * its steps; rerun with the same {@code --seed} (and {@code --only <name>}) to replay it.
 *
 * <p>Args: {@code --mode short|soak} {@code --seed N} {@code --schedules N} (random ones; soak
 * default 100, short 3) {@code --only a,b} {@code --unit-ms N} {@code --out DIR}
 * {@code --launcher "java -jar node/target/registry-node.jar node"} (space-separated).
 */
public final class ChaosRunner {
    private static final String RANDOM_PREFIX = "random-";
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private ChaosRunner() {
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> args = parse(argv);
        String mode = args.getOrDefault("mode", "short");
        long seed = args.containsKey("seed") && !args.get("seed").isBlank() ? Long.parseLong(args.get("seed")) : System.nanoTime();
        RunSettings settings = RunSettings.defaults().withUnitMillis(Long.parseLong(args.getOrDefault("unit-ms", "1000")));
        Path out = Path.of(args.getOrDefault("out", "chaos-tests/target"));
        List<String> launcher = Arrays.asList(args.get("launcher").trim().split("\\s+"));
        List<Schedule> schedules = schedules(mode, seed, args, settings.unitMillis());
        System.out.println("chaos run mode=" + mode + " seed=" + seed + " schedules=" + schedules.size());
        boolean valid = run(settings, out, launcher, mode, seed, schedules).valid();
        System.exit(valid ? 0 : 1);
    }

    static List<Schedule> schedules(String mode, long seed, Map<String, String> args, long unit) {
        List<Schedule> all = new ArrayList<>();
        boolean soak = mode.equals("soak");
        String count = args.getOrDefault("schedules", "");
        int randoms = count.isBlank() ? (soak ? 100 : 3) : Integer.parseInt(count);
        if (!soak) {
            List<Schedule> named = NamedSchedules.all(seed, unit);
            for (int i = 0; i < named.size(); i++) {
                Schedule s = named.get(i);
                all.add(new Schedule(s.name(), seed + i, s.durationMillis(), s.steps()));
            }
        }
        for (int i = 0; i < randoms; i++) {
            all.add(RandomSchedules.generate(seed * 1_000_003L + i, 15 * unit));
        }
        String only = args.getOrDefault("only", "");
        if (!only.isBlank()) {
            Set<String> names = Set.of(only.split(","));
            all.removeIf(s -> !names.contains(s.name()));
            for (String name : names) {
                if (all.stream().noneMatch(s -> s.name().equals(name))) {
                    all.add(byName(name, unit));
                }
            }
        }
        return all;
    }

    /**
     * A schedule named on the command line but not in this mode's set: a random one is regenerated from the
     * seed its name carries ({@code random-<hex seed>}), so a soak failure replays in any mode.
     */
    private static Schedule byName(String name, long unit) {
        if (name.startsWith(RANDOM_PREFIX)) {
            try {
                return RandomSchedules.generate(Long.parseUnsignedLong(name.substring(RANDOM_PREFIX.length()), 16),
                        15 * unit);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--only " + name + ": no such schedule (named ones: "
                + NamedSchedules.all(0, unit).stream().map(Schedule::name).toList() + ", or random-<hex seed>)");
    }

    static RunReport run(RunSettings settings, Path out, List<String> launcher, String mode, long seed,
                         List<Schedule> schedules) throws IOException {
        // A fresh work directory: data left by an earlier run would show up as phantoms.
        Path work = out.resolve("chaos-run");
        NodeCluster.deleteTree(work);
        Files.createDirectories(work);
        Path histories = Files.createDirectories(work.resolve("histories"));
        Exec exec = new Exec(15_000);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500)).build();
        Map<String, NodeApi> apis = new LinkedHashMap<>();
        List<ScheduleResult> results = new ArrayList<>();
        String nemesisName = "none";
        try (Network network = new Network("cr", NODES, exec)) {
            network.start();
            NetworkNemesis links = NetworkNemesis.choose(network, exec);
            nemesisName = links.name();
            for (String n : NODES) {
                apis.put(n, new NodeApi(n, "http://" + network.address(n) + ":" + NodeCluster.HTTP_PORT, http,
                        Duration.ofMillis(1_000)));
            }
            Map<String, NodeApi> byNode = new HashMap<>(apis);
            try (NodeCluster cluster = new NodeCluster(network, launcher, work.resolve("data"), work,
                    new ProcessNemesis(exec), byNode::get)) {
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
                cluster.start();
                ScheduleRun runner = new ScheduleRun(settings, network, links, cluster, apis);
                for (int i = 0; i < schedules.size(); i++) {
                    ScheduleResult r = runOne(runner, i, schedules.get(i), histories, seed);
                    results.add(r);
                    if (r.operations() == 0 && !r.valid()) {
                        System.out.println("  the schedule could not run; recreating the cluster from empty data dirs");
                        cluster.recreate();
                    }
                    new ReportWriter().write(out, mode, seed, nemesisName, results);
                }
            }
        }
        RunReport report = new ReportWriter().write(out, mode, seed, nemesisName, results);
        System.out.println("chaos report: " + out.resolve("chaos-report.json") + " valid=" + report.valid());
        return report;
    }

    private static ScheduleResult runOne(ScheduleRun runner, int index, Schedule schedule, Path histories, long runSeed) {
        long t0 = System.nanoTime();
        ScheduleResult r;
        try {
            r = runner.run(index, schedule, histories);
        } catch (RuntimeException e) {
            CheckResult error = new CheckResult("run", false, Map.of(), List.of(String.valueOf(e)));
            r = new ScheduleResult(schedule.name(), schedule.seed(), schedule.describe(), false, 0, 0, 0, 0, 0,
                    Long.MAX_VALUE, 0, List.of(error), List.of(), NODES, "");
        }
        System.out.printf("%-26s %s ops=%d acked=%d lost=%d resurrected=%d phantoms=%d conv=%dms failover=%dms (%d s)%n",
                schedule.name(), r.valid() ? "PASS" : "FAIL", r.operations(), r.ackedWrites(), r.lostWrites(),
                r.resurrections(), r.phantoms(), r.convergenceMillis(), r.maxFailoverMillis(),
                (System.nanoTime() - t0) / 1_000_000_000L);
        if (!r.valid()) {
            System.out.println("FAILED " + schedule.describe().trim());
            System.out.println("  replay: -Dchaos.seed=" + runSeed + " -Dchaos.only=" + schedule.name());
            r.checks().stream().filter(c -> !c.valid()).forEach(c -> System.out.println("  " + c.checker() + " "
                    + c.counts() + "\n    " + String.join("\n    ", c.anomalies())));
        }
        return r;
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        return out;
    }
}
