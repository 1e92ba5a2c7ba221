package dev.registry.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself: one seed replays exactly, and each fault does what it says. */
@Timeout(30)
class SimulationTest {

    /** Sends a numbered message to every other process on each tick and records what it receives. */
    private static final class Chatter implements SimProcess<Integer> {
        final List<String> received = new ArrayList<>();
        final List<String> peers;
        int sent;
        int crashes;
        int restarts;

        Chatter(List<String> peers) {
            this.peers = peers;
        }

        @Override
        public void onMessage(String from, Integer message, SimContext<Integer> ctx) {
            received.add(ctx.now() + ":" + from + ":" + message);
        }

        @Override
        public void onTick(SimContext<Integer> ctx) {
            for (String peer : peers) {
                if (!peer.equals(ctx.self())) {
                    ctx.send(peer, sent++ + ctx.random().nextInt(1_000) * 1_000);
                }
            }
        }

        @Override
        public void onCrash() {
            crashes++;
        }

        @Override
        public void onRestart(SimContext<Integer> ctx) {
            restarts++;
        }
    }

    private static Simulation<Integer> world(long seed, NetworkFaults faults, List<Chatter> out) {
        Simulation<Integer> sim = new Simulation<>(seed, faults, 10, 0);
        List<String> ids = List.of("a", "b", "c");
        for (String id : ids) {
            Chatter c = new Chatter(ids);
            out.add(c);
            sim.add(id, c);
        }
        return sim;
    }

    @Test
    void oneSeedReplaysExactlyAndAnotherDiffers() {
        List<Chatter> first = new ArrayList<>();
        List<Chatter> second = new ArrayList<>();
        List<Chatter> other = new ArrayList<>();
        world(5, NetworkFaults.lossy(), first).run(2_000);
        world(5, NetworkFaults.lossy(), second).run(2_000);
        world(6, NetworkFaults.lossy(), other).run(2_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(first.get(i).received, second.get(i).received);
        }
        assertNotEquals(first.get(0).received, other.get(0).received);
    }

    @Test
    void lossDuplicationAndDelayAreApplied() {
        List<Chatter> chatters = new ArrayList<>();
        Simulation<Integer> sim = world(1, new NetworkFaults(0.5, 0.5, 50, 50), chatters);
        sim.run(1_000);
        int sent = chatters.stream().mapToInt(c -> c.sent).sum();
        long delivered = sim.delivered();
        assertTrue(delivered > sent * 0.5 && delivered < sent * 1.0, "half dropped, half of the rest doubled: "
                + delivered + " of " + sent);
        assertTrue(sim.dropped() > sent * 0.4);
    }

    @Test
    void cutLinksPartitionsAndCrashesStopDeliveryUntilHealed() {
        List<Chatter> chatters = new ArrayList<>();
        Simulation<Integer> sim = world(2, NetworkFaults.reliable(), chatters);
        sim.cutLink("a", "b");
        sim.partition(Set.of("c"));
        sim.crash("b");
        sim.run(500);
        assertTrue(chatters.get(1).received.isEmpty(), "b is crashed");
        assertTrue(chatters.get(2).received.isEmpty(), "c is partitioned");
        assertTrue(chatters.get(0).received.isEmpty(), "b is crashed and c partitioned");
        assertEquals(1, chatters.get(1).crashes);
        sim.heal();
        assertEquals(1, chatters.get(1).restarts);
        assertTrue(sim.runUntil(() -> chatters.stream().allMatch(c -> c.received.size() > 10), 1_000));
    }

    @Test
    void aOneWayCutDropsOnlyThatDirection() {
        List<Chatter> chatters = new ArrayList<>();
        Simulation<Integer> sim = world(3, NetworkFaults.reliable(), chatters);
        sim.cutLink("a", "b");
        sim.run(300);
        assertTrue(chatters.get(1).received.stream().noneMatch(m -> m.contains(":a:")));
        assertTrue(chatters.get(0).received.stream().anyMatch(m -> m.contains(":b:")));
    }
}
