package dev.registry.chaos.net;

import java.util.List;

/**
 * Cuts as tc ingress filters on the receiver's eth0 that redirect matching packets to the DOWN
 * ifb {@code chaosdrop} (a silent drop; act_gact is not in this kernel). Loss uses a classic BPF
 * classifier: match IPv4 from the peer, then compare the kernel's random number with a threshold.
 */
public final class TcNemesis implements NetworkNemesis {
    private final Network network;
    private final Exec exec;
    private int nextPref = 10;

    public TcNemesis(Network network, Exec exec) {
        this.network = network;
        this.exec = exec;
    }

    @Override
    public synchronized void cut(String from, String at) {
        exec.run(network.inNamespace(at, List.of("tc", "filter", "add", "dev", "eth0", "ingress",
                "pref", Integer.toString(nextPref++), "protocol", "ip", "u32",
                "match", "ip", "src", network.address(from) + "/32",
                "action", "mirred", "egress", "redirect", "dev", "chaosdrop")));
    }

    @Override
    public synchronized void loss(String from, String at, int percent) {
        exec.run(network.inNamespace(at, List.of("tc", "filter", "add", "dev", "eth0", "ingress",
                "pref", Integer.toString(nextPref++), "protocol", "all", "bpf", "bytecode", lossProgram(network.address(from), percent),
                "action", "mirred", "egress", "redirect", "dev", "chaosdrop")));
    }

    /**
     * Classic BPF, offsets from the Ethernet header (cls_bpf pushes the MAC header at ingress):
     * ldh [12]; jeq IPv4 else pass; ld [26] (source address); jeq peer else pass;
     * ld rand; jgt threshold -> pass; else match (drop). P(drop) = threshold / 2^32.
     */
    static String lossProgram(String sourceAddress, int percent) {
        long src = 0;
        for (String octet : sourceAddress.split("\\.")) {
            src = (src << 8) | Integer.parseInt(octet);
        }
        long threshold = (long) ((percent / 100.0) * 4294967295.0);
        return "8,40 0 0 12,21 0 5 2048,32 0 0 26,21 0 3 " + src + ",32 0 0 4294963256,37 1 0 " + threshold
                + ",6 0 0 4294967295,6 0 0 0";
    }

    @Override
    public synchronized void heal() {
        for (String n : network.nodes()) {
            exec.run(network.inNamespace(n, List.of("tc", "filter", "del", "dev", "eth0", "ingress")));
        }
        nextPref = 10;
    }

    @Override
    public String name() {
        return "tc";
    }
}
