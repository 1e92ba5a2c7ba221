package dev.registry.membership.atomix;

import java.io.IOException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several members share a JVM (tests, simulations): close() must leave no thread and no port behind,
 * whether Raft was reached or not.
 */
@Timeout(60)
class AtomixLifecycleTest {
    private static final List<String> OWN_THREADS = List.of("raft-", "atomix-", "netty-messaging", "netty-unicast",
            "membership-");

    @TempDir
    Path dataRoot;

    private static List<String> leftoverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> OWN_THREADS.stream().anyMatch(name::startsWith))
                .sorted()
                .toList();
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closeAfterReadyReleasesEveryThreadAndThePort() {
        int port = AtomixFixture.freePort();
        AtomixMembership member = AtomixMembership.create(MembershipConfig.standalone("solo", "127.0.0.1", port,
                "127.0.0.1:1", dataRoot.resolve("solo"), MembershipTimings.test()));
        try {
            member.start().join();
            await().atMost(Duration.ofSeconds(20)).until(member::ready);
            assertTrue(member.hasQuorum(), "a standalone voter is its own majority");
        } finally {
            member.close();
        }
        assertFalse(member.ready());
        assertTrue(portFree(port), "gossip port released on close");
        await("no membership threads left").atMost(Duration.ofSeconds(10)).until(AtomixLifecycleTest::leftoverThreads, List::isEmpty);
    }

    @Test
    void closeBeforeAnyMajorityReleasesEverythingToo() {
        int port = AtomixFixture.freePort();
        List<Seed> voters = List.of(new Seed("v0", "127.0.0.1", port),
                new Seed("v1", "127.0.0.1", AtomixFixture.freePort()), new Seed("v2", "127.0.0.1", AtomixFixture.freePort()));
        AtomixMembership member = AtomixMembership.create(new MembershipConfig("v0", "127.0.0.1", port, "127.0.0.1:1",
                voters, dataRoot.resolve("v0"), Role.VOTER, MembershipTimings.test()));
        try {
            member.start().join();
            assertEquals(3, member.view().members().size());
        } finally {
            member.close();
        }
        assertTrue(portFree(port), "gossip port released on close");
        await("no membership threads left").atMost(Duration.ofSeconds(10)).until(AtomixLifecycleTest::leftoverThreads, List::isEmpty);
    }
}
