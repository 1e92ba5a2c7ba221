package dev.registry.node;

import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one node is run: identity, addresses, peers and the timing profile. Validated on construction;
 * the CLI builds it from flags, environment variables and an optional file.
 *
 * @param advertiseHost how peers and clients reach this node (a pod's DNS name, or the bind address)
 * @param voters        the Raft voters as id@host:gossipPort; this node alone means standalone mode
 * @param join          voter gossip addresses (host:port) a non-voting peer joins through
 * @param clockOffsetMs test-only skew of this node's wall clock (chaos tests); 0 in production
 * @param deadlineTolerance how far past a client's {@code X-Registry-Deadline} (by this node's clock) a write
 *                      is still applied: the clock skew allowed between clients and nodes (rule R1)
 */
public record NodeConfig(
        String id,
        Path dataDir,
        String httpHost,
        int httpPort,
        String gossipHost,
        int gossipPort,
        String advertiseHost,
        List<Seed> voters,
        List<String> join,
        Role role,
        long clockOffsetMs,
        Profile profile,
        Duration shutdownTimeout,
        Duration deadlineTolerance) {

    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(role, "role");
        voters = List.copyOf(voters);
        join = List.copyOf(join);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("id: must be 1 to 63 of [A-Za-z0-9._-] (got '" + id + "')");
        }
        checkPort("http-port", httpPort, true);
        checkPort("gossip-port", gossipPort, false);
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("voters: at least one voter is needed");
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdown-timeout: must be positive (got " + shutdownTimeout + ")");
        }
        if (deadlineTolerance == null || deadlineTolerance.isNegative()) {
            throw new IllegalArgumentException("deadline-tolerance: must be zero or positive (got " + deadlineTolerance + ")");
        }
        if (Math.abs(clockOffsetMs) > Duration.ofDays(1).toMillis()) {
            throw new IllegalArgumentException("clock-offset-ms: at most one day either way (got " + clockOffsetMs + ")");
        }
    }

    private static void checkPort(String name, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
            throw new IllegalArgumentException(name + ": must be between " + (zeroAllowed ? 0 : 1)
                    + " and 65535 (got " + port + ")");
        }
    }

    public boolean standalone() {
        return voters.size() == 1 && voters.get(0).id().equals(id);
    }

    public String httpAddress(int boundPort) {
        return advertiseHost + ":" + boundPort;
    }

    /** Timing profiles: each component maps a profile to its own validated config. */
    public enum Profile {
        /** Pods on a LAN: the StatefulSet. */
        LAN,
        /** Several processes on one machine: the local launcher and the chaos tests. */
        LOCAL,
        /** Several nodes in one test JVM: shortest timers that stay stable on 2 loaded cores. */
        TEST
    }
}
