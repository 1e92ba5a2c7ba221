package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules M1-M3 of local failure detection (consensus/README.md). */
class SuspicionsTest {
    private static Member m(String id, MemberState state) {
        return new Member(id, "h:1", "h:2", Role.VOTER, state, 0, 0);
    }

    private static final MembershipRecord RECORD = new MembershipRecord(3, Map.of(
            "me", m("me", MemberState.ACTIVE), "b", m("b", MemberState.ACTIVE),
            "c", m("c", MemberState.LEAVING), "d", m("d", MemberState.GONE)));

    @Test
    void m1_aLiveMemberUnreachableForGoneAfterIsDue() {
        Suspicions s = new Suspicions("me", Duration.ofMillis(1000));
        s.observe(RECORD, Set.of("c"), 0);
        assertEquals(Set.of("b"), s.suspected());
        assertEquals(List.of(), s.dueGone(RECORD, 999));
        assertEquals(List.of("b"), s.dueGone(RECORD, 1000));
    }

    @Test
    void m2_anUnreachableLeavingMemberIsDueAtOnce() {
        Suspicions s = new Suspicions("me", Duration.ofMillis(1000));
        s.observe(RECORD, Set.of("b"), 0);
        assertEquals(List.of("c"), s.dueGone(RECORD, 0));
    }

    @Test
    void m3_aMemberSeenAgainIsNoLongerSuspectedAndItsClockRestarts() {
        Suspicions s = new Suspicions("me", Duration.ofMillis(1000));
        s.observe(RECORD, Set.of("c"), 0);
        s.observe(RECORD, Set.of("b", "c"), 900);
        assertEquals(Set.of(), s.suspected());
        assertEquals(900L, s.lastSeen().get("b"));
        s.observe(RECORD, Set.of("c"), 950);
        assertEquals(List.of(), s.dueGone(RECORD, 1500));
        assertEquals(List.of("b"), s.dueGone(RECORD, 1950));
    }

    @Test
    void theLocalMemberAndGoneMembersAreNeverSuspected() {
        Suspicions s = new Suspicions("me", Duration.ofMillis(10));
        s.observe(RECORD, Set.of(), 0);
        assertEquals(Set.of("b", "c"), s.suspected());
    }
}
