package dev.registry.chaos.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recipe A of CHAOS-ON-THIS-MACHINE.md: the current network namespace is the bridge namespace
 * (the runner lives here at 10.77.0.254 on br0); each node gets its own namespace
 * {@code <prefix>-nK} with eth0 = 10.77.0.K joined to br0 by a veth pair, static ARP entries
 * (so cuts are silent and heals instant), a clsact qdisc for tc ingress filters and a DOWN ifb
 * device {@code chaosdrop} as the drop sink.
 *
 * <p>Safety: {@link #start()} refuses to run unless CHAOS_NETNS=1 is set and the current namespace
 * is fresh (only {@code lo}), which is what {@code unshare -n} gives; so it can never touch the
 * host's network. Everything it creates vanishes with that namespace and the private /run.
 */
public final class Network implements AutoCloseable {
    public static final String SUBNET_PREFIX = "10.77.0.";
    public static final String RUNNER_ADDRESS = SUBNET_PREFIX + "254";

    private final String prefix;
    private final List<String> nodes;
    private final Exec exec;
    private final Map<String, String> macs = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();

    public Network(String prefix, List<String> nodes, Exec exec) {
        this.prefix = prefix;
        this.nodes = List.copyOf(nodes);
        this.exec = exec;
    }

    public List<String> nodes() {
        return nodes;
    }

    /** Node "nK" (K from 1) has address 10.77.0.K. */
    public String address(String node) {
        return SUBNET_PREFIX + (nodes.indexOf(node) + 1);
    }

    public String namespace(String node) {
        return prefix + "-" + node;
    }

    /** Prefix for running a command inside the node's namespace. */
    public List<String> inNamespace(String node, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        full.addAll(command);
        return full;
    }

    public void start() {
        requireSandbox();
        exec.run("ip", "link", "set", "lo", "up");
        exec.run("ip", "link", "add", "br0", "type", "bridge");
        exec.run("ip", "link", "set", "br0", "up");
        exec.run("ip", "addr", "add", RUNNER_ADDRESS + "/24", "dev", "br0");
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            String ns = namespace(node);
            String vp = "vp" + (i + 1);
            exec.run("ip", "netns", "add", ns);
            created.add(ns);
            exec.run("ip", "-n", ns, "link", "set", "lo", "up");
            exec.run("ip", "link", "add", vp, "type", "veth", "peer", "name", "eth0", "netns", ns);
            exec.run("ip", "-n", ns, "addr", "add", address(node) + "/24", "dev", "eth0");
            exec.run("ip", "-n", ns, "link", "set", "eth0", "up");
            exec.run("ip", "link", "set", vp, "master", "br0");
            exec.run("ip", "link", "set", vp, "up");
            exec.run("ip", "-n", ns, "link", "add", "chaosdrop", "type", "ifb");
            exec.run(inNamespace(node, List.of("tc", "qdisc", "add", "dev", "eth0", "clsact")));
            macs.put(node, mac(exec.run("ip", "-n", ns, "-br", "link", "show", "dev", "eth0")));
        }
        // Not /sys: this namespace still sees the host's sysfs (only `ip netns exec` remounts it).
        String runnerMac = mac(exec.run("ip", "-br", "link", "show", "dev", "br0"));
        for (String s : nodes) {
            for (String d : nodes) {
                if (!s.equals(d)) {
                    exec.run("ip", "-n", namespace(s), "neigh", "replace", address(d), "lladdr", macs.get(d),
                            "dev", "eth0", "nud", "permanent");
                }
            }
            exec.run("ip", "-n", namespace(s), "neigh", "replace", RUNNER_ADDRESS, "lladdr", runnerMac,
                    "dev", "eth0", "nud", "permanent");
            exec.run("ip", "neigh", "replace", address(s), "lladdr", macs.get(s), "dev", "br0", "nud", "permanent");
        }
    }

    /** Bridge port down: the node's frames go nowhere, silently (its own route stays up). */
    public void isolate(String node) {
        exec.run("ip", "link", "set", "vp" + (nodes.indexOf(node) + 1), "down");
    }

    public void reconnect(String node) {
        exec.run("ip", "link", "set", "vp" + (nodes.indexOf(node) + 1), "up");
    }

    public void reconnectAll() {
        nodes.forEach(this::reconnect);
    }

    @Override
    public void close() {
        for (String ns : created) {
            exec.attempt("ip", "netns", "del", ns);
        }
        created.clear();
        exec.attempt("ip", "link", "del", "br0");
    }

    /** The MAC address from {@code ip -br link} output: "eth0@if5  UP  aa:bb:cc:dd:ee:ff <...>". */
    static String mac(String briefLink) {
        String[] fields = briefLink.trim().split("\\s+");
        if (fields.length < 3 || !fields[2].matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw new IllegalStateException("no MAC address in: " + briefLink);
        }
        return fields[2];
    }

    private void requireSandbox() {
        if (!"1".equals(System.getenv("CHAOS_NETNS"))) {
            throw new IllegalStateException("Network only runs inside the chaos sandbox (CHAOS_NETNS=1, unshare -n)");
        }
        List<String> links = exec.run("ip", "-o", "link", "show").lines()
                .filter(l -> !l.isBlank()).toList();
        if (links.size() != 1 || !links.get(0).contains(" lo:")) {
            throw new IllegalStateException("refusing to build the chaos network in a namespace that is not fresh: " + links);
        }
        if (!Files.isDirectory(Path.of("/run/netns")) && !Path.of("/run/netns").toFile().mkdirs()) {
            throw new IllegalStateException("/run/netns missing; mount a private tmpfs on /run first");
        }
    }
}
