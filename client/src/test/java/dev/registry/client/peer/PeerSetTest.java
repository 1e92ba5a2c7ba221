package dev.registry.client.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerSetTest {

    private static final long SECOND = 1_000_000_000L;
    private final List<String> moves = new ArrayList<>();
    private final PeerSet peers = new PeerSet(List.of("a:1", "b:1", "c:1"), 5 * SECOND,
            (from, to, reason) -> moves.add(from + "->" + to));

    @Test
    void sticks_to_the_current_peer_while_it_answers() {
        peers.onSuccess("a:1", 0);
        peers.onSuccess("b:1", 0);
        assertEquals("a:1", peers.current());
        assertEquals(List.of("a:1", "b:1", "c:1"), peers.attemptOrder(0));
        assertEquals(List.of(), moves);
    }

    @Test
    void a_failed_current_peer_is_left_and_tried_last_while_quarantined() {
        peers.onFailure("a:1", 0, "refused");
        assertEquals("b:1", peers.current());
        assertEquals(List.of("a->b".replace("a", "a:1").replace("->b", "->b:1")), moves);
        assertEquals(List.of("b:1", "c:1", "a:1"), peers.attemptOrder(SECOND));
        assertEquals(List.of("b:1", "a:1", "c:1"), peers.attemptOrder(6 * SECOND), "quarantine over");
    }

    @Test
    void when_every_peer_failed_all_are_still_tried_current_first() {
        peers.onFailure("a:1", 0, "x");
        peers.onFailure("b:1", 0, "x");
        peers.onFailure("c:1", 0, "x");
        assertEquals("c:1", peers.current());
        assertEquals(3, peers.attemptOrder(0).size());
        peers.onSuccess("a:1", 0);
        assertEquals("a:1", peers.current(), "the first peer to answer again becomes current");
    }

    @Test
    void learned_members_come_first_and_seeds_stay_as_fallback() {
        peers.updateMembers(List.of("d:1", "b:1"));
        assertEquals(List.of("d:1", "b:1", "a:1", "c:1"), peers.peers());
    }
}
