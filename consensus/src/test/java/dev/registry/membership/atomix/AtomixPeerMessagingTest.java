package dev.registry.membership.atomix;

import static org.awaitility.Awaitility.await;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.PeerMessaging;
import dev.registry.membership.PeerMessagingContract;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The contract on Atomix Netty messaging: a standalone voter and a peer that joined it, on loopback.
 * The pair lives for the whole class (see the contract), so its data directory is made and removed here
 * rather than by a per-test {@code @TempDir}.
 */
@Timeout(60)
class AtomixPeerMessagingTest extends PeerMessagingContract {
    @Override
    protected Pair newPair() {
        Path dataRoot;
        try {
            dataRoot = Files.createTempDirectory("peer-messaging");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int votePort = AtomixFixture.freePort();
        List<Seed> voters = List.of(new Seed("v0", "127.0.0.1", votePort));
        MembershipTimings t = MembershipTimings.test();
        AtomixMembership v0 = AtomixMembership.create(new MembershipConfig("v0", "127.0.0.1", votePort,
                "127.0.0.1:1", voters, dataRoot.resolve("v0"), Role.VOTER, t));
        AtomixMembership p1 = AtomixMembership.create(new MembershipConfig("p1", "127.0.0.1",
                AtomixFixture.freePort(), "127.0.0.1:2", voters, dataRoot.resolve("p1"), Role.PEER, t));
        Pair pair = new Pair() {
            public PeerMessaging a() {
                return v0;
            }

            public PeerMessaging b() {
                return p1;
            }

            public String aId() {
                return "v0";
            }

            public String bId() {
                return "p1";
            }

            public void close() {
                p1.close();
                v0.close();
                deleteTree(dataRoot);
            }
        };
        try {
            v0.start().join();
            p1.start().join();
            await("both members see each other").atMost(Duration.ofSeconds(20))
                    .until(() -> v0.view().member("p1").isPresent() && p1.ready());
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
