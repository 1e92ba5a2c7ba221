package dev.registry.client.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the per-instance circuit breaker.
 *
 * @param failureThreshold consecutive failures that open a closed breaker
 * @param openDuration     how long an open breaker refuses calls before it lets probes through
 * @param halfOpenProbes   calls allowed at once while half-open; the rest are refused
 * @param successesToClose consecutive successful probes that close the breaker again
 */
public record BreakerConfig(int failureThreshold, Duration openDuration, int halfOpenProbes, int successesToClose) {

    public BreakerConfig {
        Objects.requireNonNull(openDuration, "openDuration");
        if (failureThreshold < 1 || halfOpenProbes < 1 || successesToClose < 1) {
            throw new IllegalArgumentException("failureThreshold, halfOpenProbes and successesToClose must be >= 1");
        }
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive");
        }
    }

    /**
     * Five failures in a row is rarely bad luck on a healthy instance; five seconds open is long
     * enough for a restarting process and short enough that a recovered one is back quickly.
     */
    public static BreakerConfig defaults() {
        return new BreakerConfig(5, Duration.ofSeconds(5), 1, 2);
    }
}
