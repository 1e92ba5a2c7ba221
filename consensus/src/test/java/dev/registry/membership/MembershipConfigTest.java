package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipConfigTest {
    private static final List<Seed> VOTERS = List.of(Seed.parse("v0@127.0.0.1:7000"), Seed.parse("v1@127.0.0.1:7001"),
            Seed.parse("v2@127.0.0.1:7002"));
    private static final Path DATA = Path.of("data");

    @Test
    void seedsParseIdHostAndPort() {
        assertEquals(new Seed("v0", "registry-0.registry", 7000), Seed.parse("v0@registry-0.registry:7000"));
        for (String bad : List.of("v0", "@h:1", "v0@h", "v0@h:", "v0@h:x", "v0@:1", "v0@h:0")) {
            assertThrows(IllegalArgumentException.class, () -> Seed.parse(bad), bad);
        }
    }

    @Test
    void aVoterMustBeListedAtItsOwnPortAndAPeerMustNot() {
        MembershipConfig ok = MembershipConfig.test("v1", 7001, "127.0.0.1:8001", VOTERS, DATA, Role.VOTER);
        assertEquals(2, ok.quorumSize());
        assertThrows(IllegalArgumentException.class,
                () -> MembershipConfig.test("v9", 7009, "h:1", VOTERS, DATA, Role.VOTER));
        assertThrows(IllegalArgumentException.class,
                () -> MembershipConfig.test("v1", 7999, "h:1", VOTERS, DATA, Role.VOTER));
        assertThrows(IllegalArgumentException.class,
                () -> MembershipConfig.test("v1", 7001, "h:1", VOTERS, DATA, Role.PEER));
        assertThrows(IllegalArgumentException.class, () -> MembershipConfig.test("p", 7100, "h:1",
                List.of(VOTERS.get(0), VOTERS.get(0)), DATA, Role.PEER));
    }

    @Test
    void standaloneIsItsOwnSingleVoter() {
        MembershipConfig c = MembershipConfig.standalone("solo", "127.0.0.1", 7000, "127.0.0.1:8080", DATA,
                MembershipTimings.local());
        assertTrue(c.standaloneMode());
        assertEquals(1, c.quorumSize());
    }

    @Test
    void profilesAreValidAndTimingsRefuseUnsafeCombinations() {
        for (MembershipTimings t : List.of(MembershipTimings.lan(), MembershipTimings.local(), MembershipTimings.test())) {
            assertTrue(t.heartbeatInterval().multipliedBy(3).compareTo(t.electionTimeout()) <= 0);
        }
        MembershipTimings t = MembershipTimings.test();
        assertThrows(IllegalArgumentException.class, () -> new MembershipTimings(Duration.ofMillis(300),
                Duration.ofMillis(200), t.sessionTimeout(), t.probeInterval(), t.suspectAfter(), t.goneAfter(),
                t.changeTimeout()));
        assertThrows(IllegalArgumentException.class, () -> new MembershipTimings(t.electionTimeout(),
                t.heartbeatInterval(), Duration.ofMillis(100), t.probeInterval(), t.suspectAfter(), t.goneAfter(),
                t.changeTimeout()));
        assertThrows(IllegalArgumentException.class, () -> t.withGoneAfter(Duration.ZERO));
    }
}
