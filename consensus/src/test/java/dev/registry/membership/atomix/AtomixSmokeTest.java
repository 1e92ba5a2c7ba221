package dev.registry.membership.atomix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AtomixSmokeTest {
    @TempDir Path dir;
    final List<AtomixMembership> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(AtomixMembership::close);
    }

    @Test
    void threeStart() throws Exception {
        List<Seed> voters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                voters.add(new Seed("v" + i, "127.0.0.1", s.getLocalPort()));
            }
        }
        long t0 = System.nanoTime();
        for (Seed v : voters) {
            nodes.add(AtomixMembership.create(MembershipConfig.test(v.id(), v.port(), "127.0.0.1:1",
                    voters, dir.resolve(v.id()), Role.VOTER)));
        }
        nodes.forEach(n -> n.start().join());
        System.out.println("started " + (System.nanoTime() - t0) / 1e6);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().allMatch(AtomixMembership::ready));
        System.out.println("ready " + (System.nanoTime() - t0) / 1e6);
        nodes.forEach(n -> System.out.println(n.view()));
        assertTrue(nodes.get(0).hasQuorum());
    }
}
