package dev.registry.client.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final long MS = 1_000_000;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void backoff_ceiling_doubles_from_the_base_up_to_the_cap() {
        RetryPolicy policy = new RetryPolicy(new RetryConfig(5, Duration.ofMillis(25), Duration.ofMillis(150), 0.2, 1));
        assertEquals(25 * MS, policy.ceilingNanos(1));
        assertEquals(50 * MS, policy.ceilingNanos(2));
        assertEquals(100 * MS, policy.ceilingNanos(3));
        assertEquals(150 * MS, policy.ceilingNanos(4));
        assertEquals(150 * MS, policy.ceilingNanos(60));
    }

    @Test
    void full_jitter_is_uniform_below_the_ceiling() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.defaults());
        SplittableRandom random = new SplittableRandom(5);
        long ceiling = policy.ceilingNanos(2);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            long backoff = policy.backoffNanos(2, random);
            assertTrue(backoff >= 0 && backoff <= ceiling);
            sum += backoff;
        }
        assertEquals(0.5, sum / n / ceiling, 0.02);
    }

    @Test
    void budget_allows_retries_in_proportion_to_requests() {
        RetryBudget budget = new RetryBudget(new RetryConfig(3, Duration.ZERO, Duration.ZERO, 0.2, 0));
        for (int i = 0; i < 100; i++) {
            budget.onRequest(0);
        }
        int allowed = 0;
        while (budget.tryRetry(0)) {
            allowed++;
        }
        assertEquals(10, allowed, "20 tokens earned, capped at 10 so quiet periods cannot save up a storm");
        budget.onRequest(0);
        assertFalse(budget.tryRetry(0), "one request earns a fifth of a retry");
        for (int i = 0; i < 4; i++) {
            budget.onRequest(0);
        }
        assertTrue(budget.tryRetry(0));
    }

    @Test
    void budget_refills_a_minimum_per_second() {
        RetryBudget budget = new RetryBudget(new RetryConfig(3, Duration.ZERO, Duration.ZERO, 0, 2));
        assertTrue(budget.tryRetry(0), "starts with one second's worth");
        assertTrue(budget.tryRetry(0));
        assertFalse(budget.tryRetry(0));
        assertTrue(budget.tryRetry(SECOND / 2));
        assertFalse(budget.tryRetry(SECOND / 2));
        assertEquals(20, budget.balance(100 * SECOND), 1e-9, "capped at 10 x minPerSecond");
    }

    @Test
    void config_rejects_nonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryConfig(0, Duration.ZERO, Duration.ZERO, 0.1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryConfig(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1, 1));
    }
}
