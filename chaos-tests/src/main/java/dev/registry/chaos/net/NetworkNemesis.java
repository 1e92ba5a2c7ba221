package dev.registry.chaos.net;

import java.util.List;

/**
 * Link faults between node namespaces, all applied on INGRESS at the receiving node: an egress
 * drop makes the sender's transmit fail locally and aborts TCP connections with EPIPE, which is
 * not a silent partition (measured, CHAOS-ON-THIS-MACHINE.md A4).
 */
public interface NetworkNemesis {

    /** Silently drop everything {@code at} receives from {@code from}. */
    void cut(String from, String at);

    /** Drop {@code percent}% of what {@code at} receives from {@code from}, at random. */
    void loss(String from, String at, int percent);

    /** Remove every cut and loss rule on every node (bridge ports are the Network's business). */
    void heal();

    String name();

    /**
     * iptables when its binary exists and works inside a node namespace (Jepsen's way), else tc
     * (iproute2 only: u32 for cuts, classic BPF with a random load for loss).
     */
    static NetworkNemesis choose(Network network, Exec exec) {
        String probeNode = network.nodes().get(0);
        Exec.Result r = exec.attempt(network.inNamespace(probeNode, List.of("iptables", "-w", "-L", "INPUT", "-n")));
        return r.exitCode() == 0 ? new IptablesNemesis(network, exec) : new TcNemesis(network, exec);
    }
}
