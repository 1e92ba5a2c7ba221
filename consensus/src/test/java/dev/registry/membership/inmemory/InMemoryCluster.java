package dev.registry.membership.inmemory;

import dev.registry.membership.Member;
import dev.registry.membership.MemberState;
import dev.registry.membership.MembershipRecord;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.NoQuorumException;
import dev.registry.membership.RecordCommand;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic stand-in for the Raft group and the network under {@link InMemoryMembership}: one agreed
 * {@link MembershipRecord}, a virtual clock, a seeded random (leader choice), and faults: {@link #kill},
 * {@link #restart}, {@link #partition}, {@link #heal}.
 *
 * <p>Model: a member can commit a change when it reaches a majority of the voters and that side has a
 * leader; a leader is elected on the majority side one election timeout after the old one was lost. The
 * failure detector is exact: a member unreachable from a node is SUSPECTED there at once, and proposed
 * GONE after {@code goneAfter}. Time moves only in {@link #advance}. All methods are synchronized on the
 * cluster; listeners run inside them on the caller's thread.
 */
public final class InMemoryCluster {
    private static final long TICK_MILLIS = 50;

    private final long seed;
    private final Random random;
    private final MembershipTimings timings;
    private final List<Seed> voters = new ArrayList<>();
    private final Map<String, InMemoryMembership> nodes = new LinkedHashMap<>();
    private final Map<String, Member> identities = new HashMap<>();
    private final Map<String, MembershipRecord> lastKnown = new HashMap<>();
    private final Map<String, Integer> side = new HashMap<>();
    private MembershipRecord record = MembershipRecord.empty();
    private Optional<String> leader = Optional.empty();
    private long leaderLostAt;
    private long nowMillis;

    public InMemoryCluster(long seed, MembershipTimings timings) {
        this.seed = seed;
        this.random = new Random(seed);
        this.timings = timings;
        this.nowMillis = 1_000_000;
    }

    public long seed() {
        return seed;
    }

    public MembershipTimings timings() {
        return timings;
    }

    /** Declares {@code count} voters v0..v(n-1) (gossip port 7000+i); call before creating members. */
    public synchronized List<Seed> voters(int count) {
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(new Seed("v" + i, "127.0.0.1", 7000 + i));
        }
        return voters(seeds);
    }

    /** Declares the voters by seed (ids and addresses of your choice); call before creating members. */
    public synchronized List<Seed> voters(List<Seed> seeds) {
        if (!voters.isEmpty()) {
            throw new IllegalStateException("voters already declared: " + voters);
        }
        voters.addAll(seeds);
        return List.copyOf(voters);
    }

    /** Creates (not starts) the member for a declared voter; its HTTP address is its host at port + 1000. */
    public synchronized InMemoryMembership voter(String id) {
        Seed s = voters.stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a declared voter: " + id));
        return create(new Member(id, s.address(), s.host() + ":" + (s.port() + 1000), Role.VOTER,
                MemberState.JOINING, 0, 0));
    }

    /** Creates (not starts) a non-voting peer. */
    public synchronized InMemoryMembership peer(String id, String gossipAddress, String httpAddress) {
        return create(new Member(id, gossipAddress, httpAddress, Role.PEER,
                MemberState.JOINING, 0, 0));
    }

    private InMemoryMembership create(Member identity) {
        if (nodes.containsKey(identity.id()) && nodes.get(identity.id()).alive()) {
            throw new IllegalStateException(identity.id() + " is running; kill it first");
        }
        identities.put(identity.id(), identity);
        InMemoryMembership node = new InMemoryMembership(this, identity,
                lastKnown.getOrDefault(identity.id(), MembershipRecord.configured(voters, identity)));
        nodes.put(identity.id(), node);
        return node;
    }

    /** The current incarnation of a member. */
    public synchronized InMemoryMembership node(String id) {
        InMemoryMembership node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no member " + id + "; known " + nodes.keySet());
        }
        return node;
    }

    /** Stops a member abruptly (a crash): it keeps its last-known record, as its data directory would. */
    public synchronized void kill(String id) {
        node(id).close();
    }

    /** Starts a new incarnation of a killed member with the same id and last-known record. */
    public synchronized InMemoryMembership restart(String id) {
        InMemoryMembership node = create(identities.get(id));
        node.start();
        return node;
    }

    /** Splits members into sides that cannot reach each other; members not named form one more side. */
    @SafeVarargs
    public final synchronized void partition(Set<String>... sides) {
        side.clear();
        for (int i = 0; i < sides.length; i++) {
            for (String id : sides[i]) {
                side.put(id, i + 1);
            }
        }
        settle();
    }

    public synchronized void heal() {
        side.clear();
        settle();
    }

    public synchronized long nowMillis() {
        return nowMillis;
    }

    /** Moves virtual time forward in 50 ms steps, running elections, detection and catch-up at each. */
    public synchronized void advance(Duration duration) {
        long end = nowMillis + duration.toMillis();
        while (nowMillis < end) {
            nowMillis = Math.min(end, nowMillis + TICK_MILLIS);
            settle();
        }
    }

    /** Runs elections, detection and catch-up once, without moving time (after a fault or a start). */
    synchronized void settle() {
        elect();
        for (InMemoryMembership node : List.copyOf(nodes.values())) {
            if (node.alive()) {
                node.tick();
            }
        }
    }

    private void elect() {
        if (leader.isPresent() && reachesMajority(leader.get())) {
            return;
        }
        if (leader.isPresent()) {
            leader = Optional.empty();
            leaderLostAt = nowMillis;
        }
        if (nowMillis - leaderLostAt < timings.electionTimeout().toMillis()) {
            return;
        }
        List<String> candidates = voters.stream().map(Seed::id).filter(this::reachesMajority).sorted().toList();
        if (!candidates.isEmpty()) {
            leader = Optional.of(candidates.get(random.nextInt(candidates.size())));
        }
    }

    // ---- the model, used by InMemoryMembership (all under the cluster lock) ----

    boolean alive(String id) {
        InMemoryMembership node = nodes.get(id);
        return node != null && node.alive();
    }

    boolean reachable(String from, String to) {
        return alive(from) && alive(to) && side.getOrDefault(from, 0).equals(side.getOrDefault(to, 0));
    }

    Set<String> reachableFrom(String id) {
        Set<String> out = new TreeSet<>();
        for (String other : nodes.keySet()) {
            if (reachable(id, other)) {
                out.add(other);
            }
        }
        return out;
    }

    Set<String> reachableVoters(String id) {
        Set<String> out = new TreeSet<>();
        for (Seed v : voters) {
            if (reachable(id, v.id())) {
                out.add(v.id());
            }
        }
        return out;
    }

    Set<String> voterIds() {
        Set<String> out = new TreeSet<>();
        voters.forEach(v -> out.add(v.id()));
        return out;
    }

    boolean reachesMajority(String id) {
        return reachableVoters(id).size() >= voters.size() / 2 + 1;
    }

    /** The leader as seen from {@code id}: only a leader it can reach. */
    Optional<String> leaderSeenFrom(String id) {
        return leader.filter(l -> reachable(id, l) && reachesMajority(id));
    }

    /** Commits a command proposed by {@code from}, or refuses with NoQuorumException. */
    MembershipRecord.Outcome commit(String from, RecordCommand command) {
        if (leaderSeenFrom(from).isEmpty()) {
            throw new NoQuorumException(reachableVoters(from), voterIds());
        }
        MembershipRecord.Outcome outcome = record.apply(command, nowMillis);
        if (outcome.record().epoch() != record.epoch()) {
            record = outcome.record();
            for (InMemoryMembership node : List.copyOf(nodes.values())) {
                if (node.alive() && leaderSeenFrom(node.localId()).isPresent()) {
                    node.onRecord(record);
                }
            }
        }
        return outcome;
    }

    /** What a member on the majority side reads; empty when it cannot reach a leader. */
    Optional<MembershipRecord> read(String from) {
        return leaderSeenFrom(from).map(l -> record);
    }

    void remember(String id, MembershipRecord known) {
        lastKnown.put(id, known);
    }
}
