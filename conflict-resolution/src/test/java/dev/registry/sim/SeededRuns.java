package dev.registry.sim;

import java.util.function.LongConsumer;

/** Runs a body once per seed; a failure is rethrown with its seed so that it can be replayed alone. */
public final class SeededRuns {

    private SeededRuns() {
    }

    public static void forEachSeed(long firstSeed, int count, LongConsumer body) {
        for (long seed = firstSeed; seed < firstSeed + count; seed++) {
            replay(seed, body);
        }
    }

    public static void replay(long seed, LongConsumer body) {
        try {
            body.accept(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + seed + ": " + e.getMessage(), e);
        }
    }
}
