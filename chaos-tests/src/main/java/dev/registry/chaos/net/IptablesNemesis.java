package dev.registry.chaos.net;

import java.util.List;
import java.util.Locale;

/** Cuts as {@code iptables -A INPUT -s <peer> -j DROP} in the receiver's namespace. */
public final class IptablesNemesis implements NetworkNemesis {
    private final Network network;
    private final Exec exec;

    public IptablesNemesis(Network network, Exec exec) {
        this.network = network;
        this.exec = exec;
    }

    @Override
    public void cut(String from, String at) {
        exec.run(network.inNamespace(at, List.of("iptables", "-w", "-A", "INPUT", "-s", network.address(from), "-j", "DROP")));
    }

    @Override
    public void loss(String from, String at, int percent) {
        String p = String.format(Locale.ROOT, "%.2f", percent / 100.0);
        exec.run(network.inNamespace(at, List.of("iptables", "-w", "-A", "INPUT", "-s", network.address(from),
                "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP")));
    }

    @Override
    public void heal() {
        for (String n : network.nodes()) {
            exec.run(network.inNamespace(n, List.of("iptables", "-w", "-F", "INPUT")));
        }
    }

    @Override
    public String name() {
        return "iptables";
    }
}
