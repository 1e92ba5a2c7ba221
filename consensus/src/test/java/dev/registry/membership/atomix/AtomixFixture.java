package dev.registry.membership.atomix;

import static org.awaitility.Awaitility.await;

import dev.registry.membership.ClusterFixture;
import dev.registry.membership.Membership;
import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The behaviour suite's backend on real Atomix: members in this JVM on distinct free loopback ports, each
 * with its own data directory under the test's temp dir. {@link #close()} stops every member it started.
 */
public final class AtomixFixture implements ClusterFixture {
    private final Path dataRoot;
    private final MembershipTimings timings;
    private final List<Seed> voters = new ArrayList<>();
    private final Map<String, MembershipConfig> configs = new LinkedHashMap<>();
    private final Map<String, AtomixMembership> running = new LinkedHashMap<>();
    private final List<AtomixMembership> everStarted = new ArrayList<>();

    public AtomixFixture(Path dataRoot, MembershipTimings timings) {
        this.dataRoot = dataRoot;
        this.timings = timings;
    }

    /** A loopback port that was free a moment ago (the OS picks it; we release it for Atomix to bind). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized List<String> startVoters(int count, int startNow) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            voters.add(new Seed("v" + i, "127.0.0.1", freePort()));
            ids.add("v" + i);
        }
        for (Seed v : voters) {
            configs.put(v.id(), new MembershipConfig(v.id(), v.host(), v.port(), "127.0.0.1:" + freePort(),
                    voters, dataRoot.resolve(v.id()), Role.VOTER, timings));
        }
        List<AtomixMembership> started = ids.stream().limit(startNow).map(this::launch).toList();
        started.forEach(m -> m.start().join());
        return ids;
    }

    private AtomixMembership launch(String id) {
        AtomixMembership member = AtomixMembership.create(configs.get(id));
        running.put(id, member);
        everStarted.add(member);
        return member;
    }

    @Override
    public synchronized Membership node(String id) {
        AtomixMembership member = running.get(id);
        if (member == null) {
            throw new IllegalArgumentException("not running: " + id);
        }
        return member;
    }

    @Override
    public synchronized void kill(String id) {
        AtomixMembership member = running.get(id);
        if (member == null) {
            throw new IllegalArgumentException("not running: " + id);
        }
        member.close();
    }

    @Override
    public synchronized Membership restart(String id) {
        AtomixMembership member = launch(id);
        member.start().join();
        return member;
    }

    @Override
    public synchronized Membership startPeer(String id) {
        configs.put(id, new MembershipConfig(id, "127.0.0.1", freePort(), "127.0.0.1:" + freePort(), voters,
                dataRoot.resolve(id), Role.PEER, timings));
        AtomixMembership member = launch(id);
        member.start().join();
        return member;
    }

    @Override
    public void awaitTrue(String what, Duration within, BooleanSupplier condition) {
        await(what).atMost(within).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    @Override
    public MembershipTimings timings() {
        return timings;
    }

    /**
     * Closes every incarnation (close() is idempotent on killed ones), in parallel: Atomix's Netty shutdown
     * waits out a 2 s quiet period per member, and members do not depend on each other to stop.
     */
    @Override
    public synchronized void close() {
        List<Thread> closers = new ArrayList<>();
        for (AtomixMembership member : everStarted) {
            Thread closer = new Thread(member::close, "close-" + member.localId());
            closer.start();
            closers.add(closer);
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
