package dev.registry.client.retry;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniform time in
 * [0, min(maxBackoff, baseBackoff * 2^(n-1))]. Full jitter spreads the retries of many clients
 * that failed at the same moment, which fixed backoff would synchronise. Pure and thread-safe
 * as long as the random generator is.
 */
public final class RetryPolicy {

    private final RetryConfig config;
    private final long baseNanos;
    private final long maxNanos;

    public RetryPolicy(RetryConfig config) {
        this.config = config;
        this.baseNanos = config.baseBackoff().toNanos();
        this.maxNanos = config.maxBackoff().toNanos();
    }

    public int maxAttempts() {
        return config.maxAttempts();
    }

    /** The cap of the backoff before retry number {@code retry} (1 = first retry), in nanos. */
    public long ceilingNanos(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1");
        }
        int shift = Math.min(retry - 1, 30);
        long ceiling = baseNanos << shift;
        return (ceiling < 0 || ceiling > maxNanos) ? maxNanos : ceiling;
    }

    /** The backoff before retry number {@code retry}, in nanos: uniform in [0, ceiling]. */
    public long backoffNanos(int retry, RandomGenerator random) {
        long ceiling = ceilingNanos(retry);
        return ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
    }
}
