package dev.registry.bench.replication;

/** The replication scenarios run on our registry, shared by the runners. Wall-clock driven, one at a time. */
final class RegistryScenarios {

    /** Polling step of the convergence wait (each poll asks every registry thread for its state now). */
    static final long POLL_MILLIS = 10;
    /** Time given to in-flight pushes and pulls to drain before a phase starts. */
    static final long SETTLE_MILLIS = 2_000;

    private RegistryScenarios() {
    }

    /**
     * Node 0 is cut from nodes 1 and 2; {@code instances} registrations are written on node 0 and
     * {@code onSecond} on node 1 while cut; after a settle period the cut heals. Returns nanoseconds from
     * the heal to all three digests and version vectors equal.
     */
    static long healConvergenceNanos(RegistryTrio trio, int instances, int onSecond, long timeoutMillis) {
        Loopback.until(trio::converged, 30_000, POLL_MILLIS, "initial convergence");
        trio.isolate(0);
        trio.load(0, "a", instances);
        if (onSecond > 0) {
            trio.load(1, "b", onSecond);
        }
        Loopback.pause(SETTLE_MILLIS);
        if (trio.converged()) {
            throw new IllegalStateException("converged while partitioned: the cut leaks");
        }
        Loopback.collectGarbage();
        trio.heal();
        return Loopback.until(trio::converged, timeoutMillis, POLL_MILLIS, "convergence after heal");
    }

    /**
     * Anti-entropy cost while in sync: waits for convergence and a settle period, then counts, over
     * {@code windowMillis}, the SyncRequests sent (rounds), the bytes of SyncRequest/SyncReply messages
     * that carried no operations (the node's own counter) and, in a private namespace, all bytes on lo.
     * A window in which any gossip carried operations (a reply still in flight from before convergence,
     * after a long GC pause say) is not in sync: it is reported and measured again, up to 5 times.
     */
    static SyncCost inSyncCost(RegistryTrio trio, long windowMillis) {
        Loopback.until(trio::converged, 600_000, POLL_MILLIS, "convergence before the in-sync window");
        Loopback.pause(SETTLE_MILLIS);
        SyncCost cost = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            trio.countSyncRounds(true);
            long rounds0 = trio.syncRequests();
            long sync0 = trio.syncBytes();
            long ops0 = trio.opsBytes();
            long wire0 = Loopback.privateNamespace() ? Loopback.txBytes() : -1;
            long start = System.nanoTime();
            Loopback.pause(windowMillis);
            long wire1 = Loopback.privateNamespace() ? Loopback.txBytes() : -1;
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long rounds = trio.syncRequests() - rounds0;
            long sync = trio.syncBytes() - sync0;
            long other = trio.opsBytes() - ops0;
            trio.countSyncRounds(false);
            cost = new SyncCost(elapsed, rounds, sync, wire0 < 0 ? -1 : wire1 - wire0);
            if (other == 0) {
                return cost;
            }
            System.out.printf("  window %d not in sync: %d gossip bytes carried operations (%s); again%n", attempt,
                    other, cost);
        }
        System.out.println("  no clean window in 5 attempts; reporting the last");
        return cost;
    }
}
