package dev.registry.chaos.process;

import dev.registry.chaos.nemesis.ClusterControl;
import dev.registry.chaos.net.Network;
import dev.registry.chaos.workload.NodeApi;
import dev.registry.chaos.workload.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Three node processes, one per namespace, launched with the node's command-line contract
 * ({@code <launcher> --id nK --data-dir ... --http-host 10.77.0.K ... --voters ...}). The launcher
 * is {@code java -jar node/target/registry-node.jar node} for the real node, or a stand-in main.
 * Every process is started and signalled by PID; {@link #close()} stops them all.
 * Driven by the runner thread only.
 */
public final class NodeCluster implements ClusterControl, AutoCloseable {
    public static final int HTTP_PORT = 7001;
    public static final int GOSSIP_PORT = 7101;
    /**
     * The nodes' --deadline-tolerance: an attempt a client abandoned can still apply this long after its
     * deadline (rule R1), so the checkers count it as clock uncertainty.
     */
    public static final long DEADLINE_TOLERANCE_MILLIS = 250;

    private final Network network;
    private final List<String> launcher;
    private final Path dataRoot;
    private final Path logDir;
    private final ProcessNemesis signals;
    private final Function<String, NodeApi> apiFor;
    private final Map<String, NodeProcess> processes = new LinkedHashMap<>();
    private final Map<String, Long> clockOffsets = new HashMap<>();
    private final Set<String> paused = new HashSet<>();

    public NodeCluster(Network network, List<String> launcher, Path dataRoot, Path logDir, ProcessNemesis signals,
                       Function<String, NodeApi> apiFor) {
        this.network = network;
        this.launcher = List.copyOf(launcher);
        this.dataRoot = dataRoot;
        this.logDir = logDir;
        this.signals = signals;
        this.apiFor = apiFor;
    }

    public void start() {
        for (String n : network.nodes()) {
            processes.put(n, new NodeProcess(n, logDir.resolve(n + ".log")));
            launch(n);
        }
    }

    @Override
    public List<String> nodes() {
        return network.nodes();
    }

    public Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach((n, p) -> p.pid().ifPresent(pid -> out.put(n, pid)));
        return out;
    }

    public long clockOffset(String node) {
        return clockOffsets.getOrDefault(node, 0L);
    }

    @Override
    public void kill(String node) {
        signals.kill(processes.get(node));
        paused.remove(node);
    }

    @Override
    public void pause(String node) {
        signals.pause(processes.get(node));
        paused.add(node);
    }

    @Override
    public void resume(String node) {
        signals.resume(processes.get(node));
        paused.remove(node);
    }

    @Override
    public void restart(String node, boolean wipe) {
        NodeProcess p = processes.get(node);
        if (p.alive()) {
            signals.kill(p);
        }
        paused.remove(node);
        if (wipe) {
            deleteTree(dataRoot.resolve(node));
        }
        launch(node);
    }

    @Override
    public void clockOffset(String node, long offsetMillis) {
        clockOffsets.put(node, offsetMillis);
        restart(node, false);
    }

    @Override
    public void healProcesses() {
        for (String n : network.nodes()) {
            if (paused.contains(n)) {
                resume(n);
            }
            if (!processes.get(n).alive()) {
                launch(n);
            }
        }
    }

    @Override
    public Optional<String> leader() {
        for (String n : running()) {
            if (paused.contains(n)) {
                continue;
            }
            Reply r = apiFor.apply(n).get("/v1/cluster/members");
            if (r.ok()) {
                String leader = apiFor.apply(n).tree(r.body()).path("leader").asText("");
                if (network.nodes().contains(leader)) {
                    return Optional.of(leader);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> running() {
        List<String> out = new ArrayList<>();
        processes.forEach((n, p) -> {
            if (p.alive()) {
                out.add(n);
            }
        });
        return out;
    }

    /**
     * A fresh cluster: every node killed, all data deleted, clocks honest, all started again. Used
     * after a schedule left a node that cannot start, so that one broken node does not turn every
     * later schedule into the same failure (the failed schedule stays failed in the report).
     */
    public void recreate() {
        for (NodeProcess p : processes.values()) {
            if (p.alive()) {
                signals.kill(p);
            }
        }
        paused.clear();
        clockOffsets.clear();
        deleteTree(dataRoot);
        network.nodes().forEach(this::launch);
    }

    @Override
    public void close() {
        for (NodeProcess p : processes.values()) {
            signals.stop(p, 5_000);
        }
    }

    private void launch(String node) {
        String address = network.address(node);
        List<String> voters = new ArrayList<>();
        for (String v : network.nodes()) {
            voters.add(v + "@" + network.address(v) + ":" + GOSSIP_PORT);
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("--id", node, "--data-dir", dataRoot.resolve(node).toString(),
                "--http-host", address, "--http-port", Integer.toString(HTTP_PORT),
                "--gossip-host", address, "--gossip-port", Integer.toString(GOSSIP_PORT),
                "--advertise-host", address, "--voters", String.join(",", voters),
                "--profile", "test", "--shutdown-timeout", "5s",
                "--deadline-tolerance", DEADLINE_TOLERANCE_MILLIS + "ms",
                "--clock-offset-ms", Long.toString(clockOffset(node))));
        processes.get(node).start(network.inNamespace(node, command));
    }

    /** Deletes a directory tree the harness owns (a node's data dir, a run's work dir). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
