package dev.registry.membership.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.membership.MemberState;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.MembershipView;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partitions, which only the twin can stage deterministically: the minority side commits nothing (the
 * self-preservation premise of I5) and a member declared GONE while cut off comes back by itself.
 */
@Timeout(30)
class InMemoryPartitionTest {
    private final InMemoryFixture fixture = new InMemoryFixture(5, MembershipTimings.test());
    private final InMemoryCluster cluster = fixture.cluster();

    private MemberState stateAt(String at, String id) {
        return cluster.node(at).view().member(id).orElseThrow().state();
    }

    @Test
    void theMinorityCommitsNothingAndTheCutOffMemberReturnsWhenHealed() {
        List<String> ids = fixture.startVoters(3);
        fixture.awaitTrue("ready", Duration.ofSeconds(5), () -> ids.stream().allMatch(id -> cluster.node(id).ready()));

        cluster.partition(Set.of("v2"));
        long minorityEpoch = cluster.node("v2").view().epoch();
        cluster.advance(MembershipTimings.test().goneAfter().multipliedBy(3));

        assertFalse(cluster.node("v2").hasQuorum());
        assertEquals(MemberState.GONE, stateAt("v0", "v2"));
        MembershipView minority = cluster.node("v2").view();
        assertEquals(minorityEpoch, minority.epoch(), "nothing was committed on the minority side");
        assertEquals(MemberState.SUSPECTED, stateAt("v2", "v0"), "suspected locally, never declared gone");
        assertTrue(minority.leader().isEmpty());

        cluster.heal();
        fixture.awaitTrue("v2 ACTIVE again everywhere", Duration.ofSeconds(5), () -> ids.stream()
                .allMatch(at -> stateAt(at, "v2") == MemberState.ACTIVE && cluster.node(at).hasQuorum()));
        assertEquals(1, ids.stream().map(id -> cluster.node(id).view().epoch()).distinct().count());
    }
}
