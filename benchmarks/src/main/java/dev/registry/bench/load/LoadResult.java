package dev.registry.bench.load;

import java.util.Locale;

/**
 * One measured window of one benchmark. {@code ops} counts successful operations (for batches: instances),
 * latencies are in microseconds, {@code errors} counts failed requests or items and timeouts.
 */
public record LoadResult(String name, double seconds, long ops, long errors, long samples, double p50Micros,
                         double p99Micros, double maxMicros) {

    public double throughput() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    /** The human line: throughput, p50, p99, max (ms), errors. */
    public String line() {
        return String.format(Locale.ROOT, "%-28s %12.0f ops/s  p50 %8.3f ms  p99 %8.3f ms  max %9.3f ms  errors %d"
                        + "  (%d ops, %d samples, %.1f s)", name, throughput(), p50Micros / 1000, p99Micros / 1000,
                maxMicros / 1000, errors, ops, samples, seconds);
    }

    /** The machine-readable line, one JSON object. */
    public String json() {
        return String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"opsPerSecond\":%.1f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,"
                        + "\"maxMs\":%.3f,\"errors\":%d,\"ops\":%d,\"samples\":%d,\"seconds\":%.3f}", name, throughput(),
                p50Micros / 1000, p99Micros / 1000, maxMicros / 1000, errors, ops, samples, seconds);
    }
}
