package dev.registry.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.registry.api.Health;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The threshold rule of active health checks (HealthCheckSpec's healthy/unhealthy thresholds). */
class CheckStateTest {

    private static CheckState run(CheckState start, int healthy, int unhealthy, boolean... results) {
        CheckState s = start;
        for (boolean r : results) {
            s = s.after(r, healthy, unhealthy);
        }
        return s;
    }

    @Test
    void oneFailureBelowTheThresholdWarnsAndTheThresholdMakesCritical() {
        assertEquals(Health.WARNING, run(CheckState.INITIAL, 2, 3, false).health());
        assertEquals(Health.WARNING, run(CheckState.INITIAL, 2, 3, false, false).health());
        assertEquals(Health.CRITICAL, run(CheckState.INITIAL, 2, 3, false, false, false).health());
        assertEquals(Health.CRITICAL, run(CheckState.INITIAL, 1, 1, false).health());
    }

    @Test
    void recoveryNeedsTheHealthyThresholdOfConsecutiveSuccesses() {
        CheckState critical = run(CheckState.INITIAL, 3, 1, false);
        assertEquals(Health.CRITICAL, run(critical, 3, 1, true, true).health());
        assertEquals(Health.CRITICAL, run(critical, 3, 1, true, true, false, true, true).health());
        assertEquals(Health.PASSING, run(critical, 3, 1, true, true, true).health());
        assertEquals(Health.PASSING, run(CheckState.INITIAL, 1, 3, false, true).health(), "warning recovers");
    }

    @Property(tries = 300)
    void healthFollowsTheLatestStreak(@ForAll @Size(min = 1, max = 40) List<Boolean> results,
                                      @ForAll @IntRange(min = 1, max = 10) int healthy,
                                      @ForAll @IntRange(min = 1, max = 10) int unhealthy) {
        CheckState s = CheckState.INITIAL;
        for (boolean r : results) {
            Health before = s.health();
            s = s.after(r, healthy, unhealthy);
            if (r) {
                // A success never makes things worse.
                assertEquals(true, s.health().ordinal() <= before.ordinal(), before + " -> " + s.health());
            } else {
                assertEquals(true, s.health().ordinal() >= before.ordinal(), before + " -> " + s.health());
            }
        }
        int streak = 0;
        boolean last = results.get(results.size() - 1);
        for (int i = results.size() - 1; i >= 0 && results.get(i) == last; i--) {
            streak++;
        }
        if (!last && streak >= unhealthy) {
            assertEquals(Health.CRITICAL, s.health());
        }
        if (last && streak >= healthy) {
            assertEquals(Health.PASSING, s.health());
        }
        if (!last && streak < unhealthy && s.health() == Health.PASSING) {
            throw new AssertionError("a failure must at least warn");
        }
    }
}
