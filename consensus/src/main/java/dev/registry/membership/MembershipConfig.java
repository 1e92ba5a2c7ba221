package dev.registry.membership;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one member needs to take part in membership.
 *
 * @param localId     this member's id; stable across restarts (with {@code dataDir}) so it rejoins as itself
 * @param gossipHost  host the Atomix messaging endpoint binds and advertises
 * @param gossipPort  its port (gossip and Raft share it)
 * @param httpAddress host:port of this node's HTTP API, published in the record for clients
 * @param voters      the Raft voters; a VOTER must be one of them, with the same address. One voter that
 *                    is this node = standalone mode
 * @param dataDir     Raft log and the last-known view live here; keep it across restarts
 * @param role        VOTER or PEER (non-voting, joins through any voter)
 */
public record MembershipConfig(
        String localId,
        String gossipHost,
        int gossipPort,
        String httpAddress,
        List<Seed> voters,
        Path dataDir,
        Role role,
        MembershipTimings timings) {

    public MembershipConfig {
        Objects.requireNonNull(localId, "localId");
        Objects.requireNonNull(gossipHost, "gossipHost");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(timings, "timings");
        voters = List.copyOf(voters);
        if (localId.isBlank() || localId.contains("@")) {
            throw new IllegalArgumentException("bad localId: '" + localId + "'");
        }
        if (gossipPort < 1 || gossipPort > 65535) {
            throw new IllegalArgumentException("bad gossipPort: " + gossipPort);
        }
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("at least one voter is needed (standalone: this node itself)");
        }
        Set<String> ids = new HashSet<>();
        for (Seed v : voters) {
            if (!ids.add(v.id())) {
                throw new IllegalArgumentException("duplicate voter id " + v.id() + " in " + voters);
            }
        }
        Seed self = voters.stream().filter(v -> v.id().equals(localId)).findFirst().orElse(null);
        if (role == Role.VOTER && self == null) {
            throw new IllegalArgumentException("voter " + localId + " is not in the voter list " + voters);
        }
        if (role == Role.PEER && self != null) {
            throw new IllegalArgumentException("peer " + localId + " must not be in the voter list " + voters);
        }
        if (self != null && self.port() != gossipPort) {
            throw new IllegalArgumentException("voter " + localId + " listed at " + self.address()
                    + " but configured with gossip port " + gossipPort);
        }
    }

    /** One node that is its own single voter: Raft commits alone, membership changes never need others. */
    public static MembershipConfig standalone(String localId, String gossipHost, int gossipPort,
                                              String httpAddress, Path dataDir, MembershipTimings timings) {
        return new MembershipConfig(localId, gossipHost, gossipPort, httpAddress,
                List.of(new Seed(localId, gossipHost, gossipPort)), dataDir, Role.VOTER, timings);
    }

    /** A voter of the StatefulSet (see {@link MembershipTimings#lan()} for the clocks). */
    public static MembershipConfig lan(String localId, String gossipHost, int gossipPort, String httpAddress,
                                       List<Seed> voters, Path dataDir, Role role) {
        return new MembershipConfig(localId, gossipHost, gossipPort, httpAddress, voters, dataDir, role,
                MembershipTimings.lan());
    }

    /** Processes on one machine (see {@link MembershipTimings#local()}). */
    public static MembershipConfig local(String localId, int gossipPort, String httpAddress,
                                         List<Seed> voters, Path dataDir, Role role) {
        return new MembershipConfig(localId, "127.0.0.1", gossipPort, httpAddress, voters, dataDir, role,
                MembershipTimings.local());
    }

    /** Nodes in one test JVM (see {@link MembershipTimings#test()}). */
    public static MembershipConfig test(String localId, int gossipPort, String httpAddress,
                                        List<Seed> voters, Path dataDir, Role role) {
        return new MembershipConfig(localId, "127.0.0.1", gossipPort, httpAddress, voters, dataDir, role,
                MembershipTimings.test());
    }

    public boolean standaloneMode() {
        return voters.size() == 1 && voters.get(0).id().equals(localId);
    }

    public String gossipAddress() {
        return gossipHost + ":" + gossipPort;
    }

    public int quorumSize() {
        return voters.size() / 2 + 1;
    }

    public MembershipConfig withTimings(MembershipTimings newTimings) {
        return new MembershipConfig(localId, gossipHost, gossipPort, httpAddress, voters, dataDir, role, newTimings);
    }
}
