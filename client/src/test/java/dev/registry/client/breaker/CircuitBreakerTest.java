package dev.registry.client.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.registry.client.breaker.CircuitBreaker.State;
import dev.registry.client.breaker.CircuitBreaker.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breaker's specified transitions, on explicit time (nanoseconds), no waiting. */
class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private final CircuitBreaker breaker = new CircuitBreaker(new BreakerConfig(3, Duration.ofSeconds(5), 1, 2));

    private void fail(int times, long now) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire(now));
            breaker.onFailure(now);
        }
    }

    @Test
    void closed_breaker_opens_after_threshold_consecutive_failures_only() {
        fail(2, 0);
        assertTrue(breaker.tryAcquire(0));
        breaker.onSuccess(0);
        fail(2, 0);
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire(0));
        assertEquals(Transition.OPENED, breaker.onFailure(0));
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void open_breaker_refuses_calls_until_the_open_duration_has_passed() {
        fail(3, 0);
        assertFalse(breaker.tryAcquire(4 * SECOND));
        assertFalse(breaker.allowsPick(4 * SECOND));
        assertTrue(breaker.allowsPick(5 * SECOND));
        assertTrue(breaker.tryAcquire(5 * SECOND));
        assertEquals(State.HALF_OPEN, breaker.state());
    }

    @Test
    void half_open_lets_one_probe_through_and_closes_after_two_successes() {
        fail(3, 0);
        assertTrue(breaker.tryAcquire(5 * SECOND));
        assertFalse(breaker.tryAcquire(5 * SECOND), "only one probe at a time");
        assertEquals(Transition.NONE, breaker.onSuccess(5 * SECOND));
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(6 * SECOND));
        assertEquals(Transition.CLOSED, breaker.onSuccess(6 * SECOND));
        assertEquals(State.CLOSED, breaker.state());
        // Closed again with a clean count: it takes the full threshold to reopen.
        fail(2, 7 * SECOND);
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void a_failed_probe_reopens_for_a_full_open_duration() {
        fail(3, 0);
        assertTrue(breaker.tryAcquire(5 * SECOND));
        assertEquals(Transition.OPENED, breaker.onFailure(5 * SECOND));
        assertFalse(breaker.tryAcquire(9 * SECOND));
        assertTrue(breaker.tryAcquire(10 * SECOND));
    }

    @Test
    void a_released_probe_permit_can_be_taken_again() {
        fail(3, 0);
        assertTrue(breaker.tryAcquire(5 * SECOND));
        breaker.release();
        assertTrue(breaker.tryAcquire(5 * SECOND));
    }

    @Test
    void late_failures_of_calls_started_before_opening_do_not_extend_the_open_period() {
        fail(3, 0);
        assertEquals(Transition.NONE, breaker.onFailure(4 * SECOND));
        assertTrue(breaker.tryAcquire(5 * SECOND));
    }

    @Test
    void config_rejects_nonsense() {
        assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(0, Duration.ofSeconds(1), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BreakerConfig(1, Duration.ZERO, 1, 1));
    }
}
