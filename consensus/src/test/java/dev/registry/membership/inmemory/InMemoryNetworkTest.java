package dev.registry.membership.inmemory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import java.util.stream.IntStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.membership.PeerMessaging;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The faults of the transport twin: each is seeded, so a failing run replays exactly. */
@Timeout(30)
class InMemoryNetworkTest {
    private static final long SEED = 11;

    /** Sends 0..n-1 from a to b and returns what b received, in order (handlers run inline). */
    private static List<Integer> exchange(InMemoryNetwork network, NetworkFaults faults, int n) {
        network.faults(faults);
        PeerMessaging a = network.endpoint("a");
        PeerMessaging b = network.endpoint("b");
        List<Integer> got = new ArrayList<>();
        b.handle("n", (from, bytes) -> {
            synchronized (got) {
                got.add(ByteBuffer.wrap(bytes).getInt());
            }
            return CompletableFuture.completedFuture(null);
        }, Runnable::run);
        for (int i = 0; i < n; i++) {
            a.send("b", "n", ByteBuffer.allocate(4).putInt(i).array());
        }
        network.advance(faults.maxDelay().plusMillis(1));
        return got;
    }

    @Test
    void theSameSeedGivesEveryMessageTheSameFate() {
        NetworkFaults bad = NetworkFaults.lossy(0.2, 0.2, Duration.ofMillis(40));
        List<Integer> first = exchange(new InMemoryNetwork(SEED), bad, 300);
        List<Integer> second = exchange(new InMemoryNetwork(SEED), bad, 300);
        assertEquals(first, second);
    }

    @Test
    void aPerfectNetworkDeliversEachMessageOnceInOrderAtOnce() {
        InMemoryNetwork network = new InMemoryNetwork(SEED);
        List<Integer> got = exchange(network, NetworkFaults.none(), 100);
        assertEquals(IntStream.range(0, 100).boxed().toList(), got);
        assertEquals(0, network.inFlight());
    }

    @Test
    void dropLosesAndDuplicateRepeats() {
        assertTrue(exchange(new InMemoryNetwork(SEED), new NetworkFaults(1, 0, Duration.ZERO, Duration.ZERO), 50)
                .isEmpty());
        List<Integer> twice = exchange(new InMemoryNetwork(SEED), new NetworkFaults(0, 1, Duration.ZERO, Duration.ZERO), 50);
        assertEquals(100, twice.size());
        assertEquals(Set.copyOf(IntStream.range(0, 50).boxed().toList()), Set.copyOf(twice));
    }

    @Test
    void randomDelaysReorderButDeliverEverythingOnceTimeHasPassed() {
        InMemoryNetwork network = new InMemoryNetwork(SEED);
        List<Integer> got = exchange(network, new NetworkFaults(0, 0, Duration.ZERO, Duration.ofMillis(100)), 200);
        assertEquals(200, got.size());
        assertNotEquals(IntStream.range(0, 200).boxed().toList(), got, "reordered");
        assertEquals(0, network.inFlight());
    }

    @Test
    void partitionCutsBothWaysUntilHealed() {
        InMemoryNetwork network = new InMemoryNetwork(SEED);
        network.partition(Set.of("a"), Set.of("b"));
        assertTrue(exchange(network, NetworkFaults.none(), 10).isEmpty());
        network.heal();
        assertEquals(10, exchange(network, NetworkFaults.none(), 10).size());
    }

    @Test
    void aRequestWhoseReplyNeverComesTimesOutInVirtualTime() throws Exception {
        InMemoryNetwork network = new InMemoryNetwork(SEED);
        network.faults(new NetworkFaults(0, 0, Duration.ofMillis(10), Duration.ofMillis(10)));
        PeerMessaging a = network.endpoint("a");
        PeerMessaging b = network.endpoint("b");
        b.handle("slow", (from, bytes) -> new CompletableFuture<>(), Runnable::run);

        CompletableFuture<byte[]> reply = a.request("b", "slow", new byte[0], Duration.ofMillis(500));
        network.advance(Duration.ofMillis(100));
        assertFalse(reply.isDone());
        network.advance(Duration.ofMillis(500));

        ExecutionException e = assertThrows(ExecutionException.class, reply::get);
        assertInstanceOf(TimeoutException.class, e.getCause());
    }
}
