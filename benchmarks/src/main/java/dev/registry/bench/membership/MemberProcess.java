package dev.registry.bench.membership;

import dev.registry.membership.MemberState;
import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipEvent;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import dev.registry.membership.atomix.AtomixMembership;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One member in its own JVM, driven by {@link MembershipStartupBench}. Prints, one per line, wall-clock
 * epoch millis of: {@code JVM} (JVM start), {@code STARTED} (start() completed), {@code READY} (Raft
 * joined, record loaded), {@code GONE <id>} (a GONE event). Stops when stdin closes or says "quit".
 *
 * <p>Arguments: id port profile dataDir voter... (voters as id@host:port).
 */
public final class MemberProcess {
    private MemberProcess() {
    }

    public static void main(String[] args) throws Exception {
        String id = args[0];
        int port = Integer.parseInt(args[1]);
        MembershipTimings timings = profile(args[2]);
        Path dataDir = Path.of(args[3]);
        List<Seed> voters = Arrays.stream(args, 4, args.length).map(Seed::parse).toList();
        System.out.println("JVM " + ManagementFactory.getRuntimeMXBean().getStartTime());
        MembershipConfig config = new MembershipConfig(id, "127.0.0.1", port, "127.0.0.1:" + (port + 1), voters,
                dataDir, Role.VOTER, timings);
        AtomixMembership member = AtomixMembership.create(config);
        member.addListener(event -> {
            if (event instanceof MembershipEvent.MemberChanged c && c.after().state() == MemberState.GONE) {
                System.out.println("GONE " + c.after().id() + " " + System.currentTimeMillis());
            }
        });
        member.start().join();
        System.out.println("STARTED " + System.currentTimeMillis());
        while (!member.ready()) {
            // Polling is the measurement's resolution (1 ms); this is a benchmark driver, not product code.
            Thread.sleep(1);
        }
        System.out.println("READY " + System.currentTimeMillis());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                // wait for the driver
            }
        }
        member.close();
        System.exit(0);
    }

    static MembershipTimings profile(String name) {
        return switch (name) {
            case "lan" -> MembershipTimings.lan();
            case "local" -> MembershipTimings.local();
            case "test" -> MembershipTimings.test();
            default -> throw new IllegalArgumentException("profile must be lan, local or test: " + name);
        };
    }
}
