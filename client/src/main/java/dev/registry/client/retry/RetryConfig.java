package dev.registry.client.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry settings for calls to service instances.
 *
 * @param maxAttempts     first try included; 1 disables retries
 * @param baseBackoff     the backoff before the first retry; doubles each retry
 * @param maxBackoff      the cap of one backoff
 * @param budgetRatio     retries allowed per first attempt, on average (0.2 = at most 20 % extra load)
 * @param budgetMinPerSecond retries always allowed per second, so a quiet client can still retry
 */
public record RetryConfig(int maxAttempts, Duration baseBackoff, Duration maxBackoff,
                          double budgetRatio, double budgetMinPerSecond) {

    public RetryConfig {
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff");
        }
        if (budgetRatio < 0 || budgetMinPerSecond < 0) {
            throw new IllegalArgumentException("retry budget must not be negative");
        }
    }

    /**
     * Three attempts reach three different instances, which rides over one dead instance not yet
     * known to the breaker; the 20 % budget keeps a sick cluster from receiving a retry storm
     * (the same ratio Finagle and gRPC use); 25 ms grows to at most 1 s.
     */
    public static RetryConfig defaults() {
        return new RetryConfig(3, Duration.ofMillis(25), Duration.ofSeconds(1), 0.2, 10);
    }
}
