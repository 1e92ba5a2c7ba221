package dev.registry.node.runtime;

/**
 * The node's only way to read time. Everything else is handed one of these (or plain
 * {@code nowMillis} values), so simulations run on virtual time and tests can skew a node's clock.
 */
public interface TimeSource {

    /** Wall-clock milliseconds since the epoch, offset for tests; feeds the hybrid logical clock. */
    long wallMillis();

    /** Monotonic nanoseconds for durations and deadlines; unrelated to the wall clock. */
    long monotonicNanos();

    default long monotonicMillis() {
        return monotonicNanos() / 1_000_000L;
    }

    /** The system clocks, with the wall clock shifted by {@code offsetMillis} (the --clock-offset-ms flag). */
    static TimeSource system(long offsetMillis) {
        return new TimeSource() {
            @Override
            public long wallMillis() {
                return System.currentTimeMillis() + offsetMillis;
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
    }
}
