package dev.registry.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Latencies (HdrHistogram, 1 us to 60 s, 3 significant digits) and counts of one window. Written from the
 * generator's event loop and, for the watch benchmark, its pacing thread, hence synchronized (uncontended
 * in the common case, so it costs tens of nanoseconds per sample).
 */
final class Recorder {
    private final Histogram histogram = new Histogram(1, 60_000_000L, 3);
    private long ops;
    private long errors;
    private long startNanos;
    private long endNanos;

    synchronized void begin(long nowNanos) {
        histogram.reset();
        ops = 0;
        errors = 0;
        startNanos = nowNanos;
        endNanos = 0;
    }

    /** One sample of {@code latencyNanos} that completed {@code count} operations (a batch counts its items). */
    synchronized void ok(long latencyNanos, long count) {
        histogram.recordValue(Math.max(1, Math.min(60_000_000L, latencyNanos / 1000)));
        ops += count;
    }

    synchronized void error(long count) {
        errors += count;
    }

    synchronized void end(long nowNanos) {
        endNanos = nowNanos;
    }

    synchronized LoadResult result(String name) {
        double seconds = (endNanos - startNanos) / 1e9;
        long n = histogram.getTotalCount();
        return new LoadResult(name, seconds, ops, errors, n, n == 0 ? 0 : histogram.getValueAtPercentile(50),
                n == 0 ? 0 : histogram.getValueAtPercentile(99), n == 0 ? 0 : histogram.getMaxValue());
    }
}
