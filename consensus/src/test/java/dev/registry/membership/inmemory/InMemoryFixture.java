package dev.registry.membership.inmemory;

import dev.registry.membership.ClusterFixture;
import dev.registry.membership.Membership;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Seed;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The behaviour suite's backend on the twin: virtual time, advanced in 50 ms steps while waiting. */
public final class InMemoryFixture implements ClusterFixture {
    private static final Duration STEP = Duration.ofMillis(50);
    private final InMemoryCluster cluster;

    public InMemoryFixture(long seed, MembershipTimings timings) {
        this.cluster = new InMemoryCluster(seed, timings);
    }

    public InMemoryCluster cluster() {
        return cluster;
    }

    @Override
    public List<String> startVoters(int count, int startNow) {
        List<String> ids = cluster.voters(count).stream().map(Seed::id).toList();
        ids.forEach(id -> cluster.voter(id));
        ids.stream().limit(startNow).forEach(id -> cluster.node(id).start());
        return ids;
    }

    @Override
    public Membership node(String id) {
        return cluster.node(id);
    }

    @Override
    public void kill(String id) {
        cluster.kill(id);
    }

    @Override
    public Membership restart(String id) {
        return cluster.restart(id);
    }

    @Override
    public Membership startPeer(String id) {
        InMemoryMembership peer = cluster.peer(id, "127.0.0.1:9" + id.hashCode() % 1000, "127.0.0.1:1");
        peer.start();
        return peer;
    }

    @Override
    public void awaitTrue(String what, Duration within, BooleanSupplier condition) {
        long deadline = cluster.nowMillis() + within.toMillis();
        while (!condition.getAsBoolean()) {
            if (cluster.nowMillis() >= deadline) {
                throw new AssertionError("not true within " + within + " of virtual time: " + what
                        + " (seed " + cluster.seed() + ")");
            }
            cluster.advance(STEP);
        }
    }

    @Override
    public MembershipTimings timings() {
        return cluster.timings();
    }

    @Override
    public void close() {
        // Nothing outside the heap: the cluster and its members are garbage once the test drops them.
    }
}
