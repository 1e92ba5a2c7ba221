package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The membership behaviour, written once and run on every backend (rule numbers: consensus/README.md).
 * Time bounds derive from the backend's configured timings, never from wall-clock guesses.
 */
public abstract class MembershipBehaviourSuite {
    protected ClusterFixture cluster;

    protected abstract ClusterFixture newFixture();

    @BeforeEach
    void createCluster() {
        cluster = newFixture();
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
    }

    private Duration electionBound() {
        // Randomized election in [t, 2t), a possible split vote, then a commit: 6 t is generous yet bounded.
        return cluster.timings().electionTimeout().multipliedBy(6).plusSeconds(5);
    }

    private Duration goneBound() {
        MembershipTimings t = cluster.timings();
        return t.suspectAfter().plus(t.goneAfter()).plus(electionBound());
    }

    private void awaitReady(List<String> ids) {
        cluster.awaitTrue("all of " + ids + " ready with one leader", electionBound(), () -> {
            Set<Optional<String>> leaders = new java.util.HashSet<>();
            for (String id : ids) {
                Membership m = cluster.node(id);
                if (!m.ready() || !m.hasQuorum()) {
                    return false;
                }
                leaders.add(m.view().leader());
            }
            return leaders.size() == 1 && leaders.iterator().next().isPresent();
        });
    }

    private static Optional<MemberState> stateOf(Membership at, String id) {
        return at.view().member(id).map(Member::state);
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void m0_startCompletesWithoutAMajorityAndServesTheConfiguredMembers() throws Exception {
        List<String> ids = cluster.startVoters(3, 1);

        Membership alone = cluster.node("v0");
        MembershipView view = alone.view();
        assertEquals(Set.copyOf(ids), view.ids(), "the configured voters, before Raft has answered");
        assertEquals(MemberState.JOINING, view.member("v1").orElseThrow().state());
        assertFalse(alone.ready(), "no Raft majority, so no committed record");
        cluster.awaitTrue("v0 knows it has no majority", electionBound(), () -> !alone.hasQuorum());
        Member peer = new Member("p", "127.0.0.1:1", "127.0.0.1:2", Role.PEER, MemberState.JOINING, 0, 0);
        assertInstanceOf(NoQuorumException.class, failureOf(alone.join(peer)));
    }

    @Test
    void m1_votersStartedTogetherElectOneLeaderAndAgreeOnAllActive() {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        cluster.awaitTrue("every voter sees all three ACTIVE at one epoch", electionBound(), () ->
                ids.stream().allMatch(at -> ids.stream().allMatch(
                        id -> stateOf(cluster.node(at), id).equals(Optional.of(MemberState.ACTIVE))))
                        && ids.stream().map(id -> cluster.node(id).view().epoch()).distinct().count() == 1);
        MembershipView view = cluster.node("v0").view();
        assertEquals(Set.of("v0", "v1", "v2"), view.ids());
        assertTrue(view.epoch() >= 3, "three activations committed: " + view);
        assertTrue(view.members().stream().allMatch(m -> m.role() == Role.VOTER));
    }

    @Test
    void m2_killedVoterIsGoneWithinTimeoutAndSurvivorsKeepAcceptingChanges() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        String victim = cluster.node("v0").view().leader().orElseThrow();
        List<String> survivors = ids.stream().filter(id -> !id.equals(victim)).toList();
        List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        cluster.node(survivors.get(0)).addListener(events::add);

        cluster.kill(victim);

        cluster.awaitTrue(victim + " GONE on both survivors", goneBound(), () -> survivors.stream()
                .allMatch(s -> stateOf(cluster.node(s), victim).equals(Optional.of(MemberState.GONE))));
        assertTrue(events.stream().anyMatch(e -> e instanceof MembershipEvent.MemberChanged c
                && c.after().id().equals(victim) && c.after().state() == MemberState.GONE),
                "a GONE event was delivered: " + events);
        awaitReady(survivors);
        assertTrue(events.stream().anyMatch(e -> e instanceof MembershipEvent.LeaderChanged l
                && l.leader().isPresent() && survivors.contains(l.leader().get())),
                "the survivors' new leader was announced: " + events);
        Membership peer = cluster.startPeer("p-extra");
        cluster.awaitTrue("a peer joins through the survivors", electionBound(), () -> peer.ready()
                && survivors.stream().allMatch(s ->
                        stateOf(cluster.node(s), "p-extra").equals(Optional.of(MemberState.ACTIVE))));
    }

    @Test
    void m3_restartedVoterWithItsDataComesBackAsTheSameMember() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        cluster.kill("v2");
        cluster.awaitTrue("v2 GONE on v0", goneBound(), () ->
                stateOf(cluster.node("v0"), "v2").equals(Optional.of(MemberState.GONE)));
        long goneEpoch = cluster.node("v0").view().epoch();

        Membership back = cluster.restart("v2");

        cluster.awaitTrue("v2 ACTIVE again everywhere", electionBound(), () -> back.ready() && ids.stream()
                .allMatch(at -> stateOf(cluster.node(at), "v2").equals(Optional.of(MemberState.ACTIVE))));
        MembershipView view = cluster.node("v0").view();
        assertEquals(Set.of("v0", "v1", "v2"), view.ids(), "no new identity was created");
        assertTrue(view.epoch() > goneEpoch, "coming back is a committed change");
        assertEquals(Role.VOTER, view.member("v2").orElseThrow().role());
    }

    @Test
    void m4_survivorWithoutMajorityReportsItAndRefusesChanges() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        List<MembershipEvent> events = new CopyOnWriteArrayList<>();
        cluster.node("v0").addListener(events::add);

        cluster.kill("v1");
        cluster.kill("v2");

        cluster.awaitTrue("v0 knows it has no majority", goneBound(), () -> !cluster.node("v0").hasQuorum());
        assertTrue(events.contains(new MembershipEvent.QuorumChanged(false)), "event: " + events);
        Member peer = new Member("p-late", "127.0.0.1:1", "127.0.0.1:2", Role.PEER, MemberState.JOINING, 0, 0);
        Throwable failure = failureOf(cluster.node("v0").join(peer));
        NoQuorumException noQuorum = assertInstanceOf(NoQuorumException.class, failure);
        assertEquals(Set.of("v0"), noQuorum.reachableVoters());
        assertEquals(Set.of("v0", "v1", "v2"), noQuorum.voters());
        assertTrue(noQuorum.getMessage().contains("[v0]"), noQuorum.getMessage());
        assertFalse(cluster.node("v0").view().member("p-late").isPresent());
    }

    @Test
    void m5_nonVotingPeerJoinsThroughTheVotersAndLeavesCleanly() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);

        Membership peer = cluster.startPeer("p1");

        cluster.awaitTrue("p1 ready and ACTIVE on every voter", electionBound(), () -> peer.ready() && ids.stream()
                .allMatch(at -> stateOf(cluster.node(at), "p1").equals(Optional.of(MemberState.ACTIVE))));
        assertEquals(Role.PEER, cluster.node("v1").view().member("p1").orElseThrow().role());
        assertEquals(Set.of("v0", "v1", "v2", "p1"), peer.view().ids());

        MembershipView leaving = peer.leave("p1").get(30, TimeUnit.SECONDS);
        assertEquals(Optional.of(MemberState.LEAVING), leaving.member("p1").map(Member::state));
        assertFalse(leaving.live().stream().anyMatch(m -> m.id().equals("p1")));
        cluster.kill("p1");
        cluster.awaitTrue("p1 GONE after it left and stopped", goneBound(), () ->
                stateOf(cluster.node("v0"), "p1").equals(Optional.of(MemberState.GONE)));
    }

    @Test
    void m6_leavingAnUnknownMemberFailsWithTheKnownMembers() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);

        Throwable failure = failureOf(cluster.node("v1").leave("nobody"));

        NotMemberException notMember = assertInstanceOf(NotMemberException.class, failure);
        assertEquals("nobody", notMember.memberId());
        assertEquals(Set.of("v0", "v1", "v2"), notMember.knownMembers());
    }

    @Test
    void m7_votersCannotBeJoinedOnlyConfigured() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        Member voter = new Member("v9", "127.0.0.1:1", "127.0.0.1:2", Role.VOTER, MemberState.JOINING, 0, 0);

        assertInstanceOf(IllegalArgumentException.class, failureOf(cluster.node("v0").join(voter)));
    }

    @Test
    void m8_aJoinedPeerThatNeverShowsUpIsSuspectedThenGone() throws Exception {
        List<String> ids = cluster.startVoters(3);
        awaitReady(ids);
        long before = cluster.node("v0").view().epoch();
        Member ghost = new Member("ghost", "127.0.0.1:1", "127.0.0.1:2", Role.PEER, MemberState.JOINING, 0, 0);

        MembershipView joined = cluster.node("v1").join(ghost).get(30, TimeUnit.SECONDS);

        assertTrue(joined.epoch() > before, "the join was committed: " + joined);
        Member shown = joined.member("ghost").orElseThrow();
        assertEquals(Role.PEER, shown.role());
        assertEquals(MemberState.SUSPECTED, shown.state(), "nothing answers at its address");
        cluster.awaitTrue("ghost GONE everywhere", goneBound(), () -> ids.stream()
                .allMatch(at -> stateOf(cluster.node(at), "ghost").equals(Optional.of(MemberState.GONE))));
    }
}
