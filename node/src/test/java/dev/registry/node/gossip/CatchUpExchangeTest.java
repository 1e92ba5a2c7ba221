package dev.registry.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.merge.ApplyResult;
import dev.registry.merge.Replica;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.node.wire.Message;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A node far behind catches up from a peer by anti-entropy while its own appends lag (the disk is slower
 * than the network): rules G3, G6 and G7. Messages are delivered by hand, in order, with the requester's
 * durable vector held back until the test lets its disk catch up.
 */
class CatchUpExchangeTest {

    private static final long NOW = 1_700_000_000_000L;

    /** A core whose durable vector is whatever the test says, to model appends in flight. */
    private static final class Node implements GossipCore.Listener, DurableState {
        final Replica replica;
        final GossipCore core;
        VersionVector durableVector = VersionVector.EMPTY;
        long received;
        long applied;

        Node(String id, GossipConfig config) {
            replica = new Replica(id + "~1");
            core = new GossipCore(id, replica, config, new Random(1), this, this);
        }

        @Override
        public void applied(String fromMember, List<Operation> ops, List<ApplyResult> results) {
            received += ops.size();
            applied += results.size();
        }

        @Override
        public void snapshotInstalled(String fromMember, List<ApplyResult> results) {
        }

        @Override
        public VersionVector vector() {
            return durableVector;
        }

        @Override
        public Hlc clock() {
            return replica.clock().current();
        }

        void makeDurable() {
            durableVector = replica.vector();
        }
    }

    private static GossipConfig config() {
        GossipConfig test = GossipConfig.test();
        return new GossipConfig(test.pushDelay(), test.pushMaxOps(), test.fanout(), test.antiEntropyInterval(),
                1_000, test.snapshotChunkKeys(), test.requestTimeout());
    }

    private static void write(Node node, int count) {
        for (int i = 0; i < count; i++) {
            Registration registration = new Registration("10.0." + (i >> 8 & 255) + "." + (i & 255), 8080, 100,
                    "zone-" + i % 3, List.of("v1"), null, 30, null);
            node.replica.write(new InstanceKey("svc-" + i % 10, "a-" + i),
                    new OpPayload.Register(registration, InstanceStatus.UP, "a"), NOW + i);
        }
        node.makeDurable();
    }

    private record Envelope(String from, GossipCore.Outbound out) {
    }

    /** Nodes a, b and c, with {@code onA} registrations written on a. */
    private static Map<String, Node> threeNodes(int onA) {
        Map<String, Node> nodes = Map.of("a", new Node("a", config()), "b", new Node("b", config()), "c",
                new Node("c", config()));
        write(nodes.get("a"), onA);
        return nodes;
    }

    /** Delivers one message and queues what its receiver answers; every node's disk keeps up. */
    private static void deliver(Map<String, Node> nodes, Envelope e, long now, Deque<Envelope> queue) {
        nodes.get(e.out().to()).core.receive(e.from(), e.out().message(), now)
                .forEach(out -> queue.add(new Envelope(e.out().to(), out)));
        nodes.values().forEach(Node::makeDurable);
    }

    /** Delivers messages in order until none is left; the requester's disk catches up only every other reply. */
    private static void run(Node a, Node b, Deque<Envelope> queue) {
        int replies = 0;
        while (!queue.isEmpty()) {
            Envelope e = queue.poll();
            Node to = e.out().to().equals("a") ? a : b;
            if (e.out().message() instanceof Message.SyncReply && to == b && ++replies % 2 == 0) {
                b.makeDurable();
            }
            for (GossipCore.Outbound next : to.core.receive(e.from(), e.out().message(), NOW)) {
                queue.add(new Envelope(to == a ? "a" : "b", next));
            }
        }
    }

    @Test
    void aLaggingDiskNeverMakesAPeerSendABatchTwice() {
        Node a = new Node("a", config());
        Node b = new Node("b", config());
        write(a, 12_345);
        a.core.setPeers(Set.of("a", "b"), NOW);
        Deque<Envelope> queue = new ArrayDeque<>();
        for (GossipCore.Outbound out : b.core.setPeers(Set.of("a", "b"), NOW)) {
            queue.add(new Envelope("b", out));
        }
        run(a, b, queue);

        assertEquals(a.replica.vector(), b.replica.vector(), "b caught up");
        assertEquals(a.replica.state().digest(), b.replica.state().digest());
        assertEquals(12_345, b.received, "operations sent to b: each exactly once (G7)");
        assertEquals(12_345, b.applied);
    }

    /**
     * Two nodes catch up from a third at once, anti-entropy rounds ticking meanwhile: each streams from one
     * peer at a time (G7), so neither fetches from the other what both are fetching from the third.
     */
    @Test
    void twoNodesCatchingUpFromAThirdDoNotAlsoStreamFromEachOther() {
        Map<String, Node> nodes = threeNodes(12_345);
        Node a = nodes.get("a");
        Node b = nodes.get("b");
        Node c = nodes.get("c");
        Set<String> all = Set.of("a", "b", "c");
        Deque<Envelope> queue = new ArrayDeque<>();
        nodes.forEach((id, node) -> node.core.setPeers(all, NOW).forEach(out -> queue.add(new Envelope(id, out))));
        long now = NOW;
        for (int step = 0; !queue.isEmpty() && step < 100_000; step++) {
            Envelope e = queue.poll();
            if (e.out().to().equals("b") && step % 2 == 1) {
                queue.add(e); // b is the slower of the two: c gets ahead, and its rounds show b it holds more
                continue;
            }
            deliver(nodes, e, now, queue);
            if (step % 10 == 9) { // a round is due on every node every few deliveries (none expires unanswered)
                now += config().antiEntropyInterval().toMillis();
                long at = now;
                nodes.forEach((id, node) -> node.core.tick(at).stream()
                        .filter(out -> out.message() instanceof Message.SyncRequest)
                        .forEach(out -> queue.add(new Envelope(id, out))));
            }
        }

        assertEquals(a.replica.vector(), b.replica.vector(), "b caught up");
        assertEquals(a.replica.vector(), c.replica.vector(), "c caught up");
        assertEquals(12_345, b.received, "operations sent to b: each once");
        assertEquals(12_345, c.received, "operations sent to c: each once");
    }

    /**
     * A partition heals while the isolated node's peers have a round in flight between themselves: the node
     * that came back is synced with when that round ends (G8), not one anti-entropy interval later.
     */
    @Test
    void aMemberBackFromAPartitionIsSyncedWithWhenTheExchangeInFlightEnds() {
        Map<String, Node> nodes = threeNodes(2_500);
        Node a = nodes.get("a");
        Node b = nodes.get("b");
        Node c = nodes.get("c");
        a.core.setPeers(Set.of("a"), NOW - 60_000);
        b.core.setPeers(Set.of("b", "c"), NOW - 60_000);
        c.core.setPeers(Set.of("b", "c"), NOW - 60_000);
        Deque<Envelope> queue = new ArrayDeque<>();
        c.core.tick(NOW).stream().filter(out -> out.message() instanceof Message.SyncRequest)
                .forEach(out -> queue.add(new Envelope("c", out)));
        assertEquals(1, queue.size(), "c's round to b is in flight");

        Set<String> all = Set.of("a", "b", "c");
        assertTrue(c.core.setPeers(all, NOW).isEmpty(), "one exchange at a time (G7): a waits for it");
        a.core.setPeers(all, NOW).forEach(out -> queue.add(new Envelope("a", out)));
        b.core.setPeers(all, NOW).forEach(out -> queue.add(new Envelope("b", out)));
        while (!queue.isEmpty()) { // no round ticks: only the exchanges the heal started
            deliver(nodes, queue.poll(), NOW, queue);
        }

        assertEquals(a.replica.vector(), b.replica.vector(), "b caught up");
        assertEquals(a.replica.vector(), c.replica.vector(), "c caught up without waiting for a round");
        assertEquals(2_500, c.received, "operations sent to c: each once");
    }

    @Test
    void aPeerThatAsksForASyncAndHoldsMoreIsPulledFrom() {
        Node a = new Node("a", config());
        Node b = new Node("b", config());
        write(b, 2_500);
        // Both met long ago (their first exchanges timed out); now b's periodic round comes.
        a.core.setPeers(Set.of("a", "b"), NOW - 60_000);
        b.core.setPeers(Set.of("a", "b"), NOW - 60_000);
        // b asks a (a round); a learns from the request that b holds what it lacks, and pulls (G6).
        Deque<Envelope> queue = new ArrayDeque<>();
        List<GossipCore.Outbound> round = new ArrayList<>(b.core.tick(NOW));
        round.removeIf(out -> !(out.message() instanceof Message.SyncRequest));
        assertTrue(!round.isEmpty(), "b's round sends a sync request");
        round.forEach(out -> queue.add(new Envelope("b", out)));
        run(a, b, queue);

        assertEquals(b.replica.vector(), a.replica.vector(), "a pulled everything b held");
        assertEquals(2_500, a.received, "each operation sent to a once");
    }

    @Test
    void aLostPushIsPulledAtOnceButAGapFromRandomFanoutIsNot() {
        Node a = new Node("a", config());
        write(a, 3);
        List<Operation> ops = a.replica.missingFor(VersionVector.EMPTY, 10);
        Message.Push lastOnly = new Message.Push(a.replica.nodeId(), List.of(ops.get(2)), a.replica.vector(),
                a.replica.clock().current());

        Node everyone = new Node("b", config()); // 2 members: every push reaches every peer
        everyone.core.setPeers(Set.of("a", "b"), NOW - 60_000);
        assertTrue(everyone.core.receive("a", lastOnly, NOW).stream()
                .anyMatch(out -> out.message() instanceof Message.SyncRequest), "the first two pushes were lost");

        GossipConfig oneTarget = new GossipConfig(config().pushDelay(), config().pushMaxOps(), 1,
                config().antiEntropyInterval(), config().syncBatchOps(), config().snapshotChunkKeys(),
                config().requestTimeout());
        Node someone = new Node("b", oneTarget); // 4 members, fanout 1: pushes skip peers by design
        someone.core.setPeers(Set.of("a", "b", "c", "d"), NOW - 60_000);
        assertTrue(someone.core.receive("a", lastOnly, NOW).isEmpty(), "anti-entropy repairs that gap");
    }
}
