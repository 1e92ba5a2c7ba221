package dev.registry.bench.replication;

import dev.registry.bench.replication.atomix.AtomixGossipTrio;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The replication scenarios on the atomix-gossip baseline, shaped like {@link RegistryScenarios}. */
final class AtomixScenarios {

    private AtomixScenarios() {
    }

    /**
     * The bootstrap path: writes {@code entries} on node 0 while nodes 1 and 2 hold no replica of the map,
     * lets the writer's pushes drain, then builds the map on nodes 1 and 2 together, which pull everything
     * from a peer at once. Returns nanoseconds from then until both hold all entries.
     */
    static long bootstrapConvergenceNanos(AtomixGossipTrio trio, int entries, long timeoutMillis) {
        write(trio.map(0), entries);
        Loopback.pause(RegistryScenarios.SETTLE_MILLIS);
        Loopback.collectGarbage();
        long start = System.nanoTime();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> trio.map(1));
        trio.map(2);
        second.join();
        Loopback.until(() -> trio.map(1).size() == entries && trio.map(2).size() == entries, timeoutMillis,
                RegistryScenarios.POLL_MILLIS, "atomix-gossip convergence");
        return System.nanoTime() - start;
    }

    /**
     * The repair path, as {@link RegistryScenarios#healConvergenceNanos} measures ours: the map is built on all
     * three nodes, node 0 is cut off from the other two ({@link AtomixGossipTrio#isolate}), {@code entries}
     * are put on it, and after the cut heals atomix-gossip repairs by its anti-entropy advertisements
     * alone. The settle period is a second longer than ours so that the writer's load window (atomix-gossip
     * skips anti-entropy while a node saw more than 2 updates in the last 2 seconds) has passed: what is
     * timed is repair, not load shedding. Returns nanoseconds from the heal until B and C hold every entry.
     */
    static long repairConvergenceNanos(AtomixGossipTrio trio, int entries, long timeoutMillis) {
        for (int node = 0; node < 3; node++) {
            trio.map(node);
        }
        trio.isolate(0);
        write(trio.map(0), entries);
        Loopback.pause(RegistryScenarios.SETTLE_MILLIS + 1_000);
        if (trio.map(1).size() != 0 || trio.map(2).size() != 0) {
            throw new IllegalStateException("entries crossed the cut: " + trio.map(1).size() + ", "
                    + trio.map(2).size());
        }
        Loopback.collectGarbage();
        long start = System.nanoTime();
        trio.heal();
        Loopback.until(() -> trio.map(1).size() == entries && trio.map(2).size() == entries, timeoutMillis,
                RegistryScenarios.POLL_MILLIS, "atomix-gossip repair");
        return System.nanoTime() - start;
    }

    /** Puts {@code entries} short renderings of the registrations ours writes, 1,000 at a time. */
    private static void write(Map<String, String> map, int entries) {
        for (int start = 0; start < entries; start += 1_000) {
            Map<String, String> chunk = new HashMap<>();
            for (int i = start; i < Math.min(entries, start + 1_000); i++) {
                var r = RegistryTrio.request("svc-" + (i % 100), "a-" + i, i);
                chunk.put(r.service() + "/" + r.id(), r.host() + ":" + r.port() + "|" + r.zone() + "|"
                        + String.join(",", r.tags()) + "|" + r.status() + "|" + r.ttlSeconds());
            }
            map.putAll(chunk);
        }
    }

    /**
     * Wire bytes on lo over an in-sync window divided by the anti-entropy rounds. Each of the three nodes
     * sends one advertisement per interval at a fixed rate; the protocol exposes no counter, so rounds are
     * derived from the interval (it skips an advertisement only under write load, and none runs here).
     */
    static SyncCost inSyncCost(AtomixGossipTrio trio, int entries, long windowMillis) {
        Loopback.until(() -> trio.map(0).size() == entries && trio.map(1).size() == entries
                && trio.map(2).size() == entries, 120_000, RegistryScenarios.POLL_MILLIS, "atomix-gossip in sync");
        Loopback.pause(RegistryScenarios.SETTLE_MILLIS);
        long wire0 = Loopback.privateNamespace() ? Loopback.txBytes() : -1;
        long start = System.nanoTime();
        Loopback.pause(windowMillis);
        long wire1 = Loopback.privateNamespace() ? Loopback.txBytes() : -1;
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        long rounds = RegistryTrio.SIZE * elapsed / trio.antiEntropyInterval().toMillis();
        return new SyncCost(elapsed, rounds, -1, wire0 < 0 ? -1 : wire1 - wire0);
    }
}
