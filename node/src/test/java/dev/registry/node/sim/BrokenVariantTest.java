package dev.registry.node.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checks can fail: a node with one deliberate bug ({@link SimNode.Variant}) is caught within a few
 * seeds, and by the invariant that bug breaks.
 */
@Timeout(60)
class BrokenVariantTest {

    private static final int MAX_SEEDS = 200;

    @Test
    void pushingOwnOperationsBeforeTheyAreDurableIsCaught() {
        List<String> violations = firstViolations(SimNode.Variant.PUSH_BEFORE_DURABLE);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("G1 ") || v.startsWith("I2 ")),
                "expected a reused sequence number or a lost acknowledged write: " + violations);
    }

    @Test
    void collectingTombstonesBeforeTheyAreStableIsCaught() {
        List<String> violations = firstViolations(SimNode.Variant.COLLECT_EAGERLY);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("I1 ") || v.startsWith("I3 ")),
                "expected divergence or a resurrection: " + violations);
    }

    @Test
    void expiringOnTheMinoritySideIsCaught() {
        List<String> violations = firstViolations(SimNode.Variant.IGNORE_QUORUM);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("I5 ")),
                "expected an EXPIRE written without quorum: " + violations);
    }

    private static List<String> firstViolations(SimNode.Variant variant) {
        for (long seed = 3_000; seed < 3_000 + MAX_SEEDS; seed++) {
            Scenario.Outcome outcome = Scenario.run(seed, 3, variant, EnumSet.allOf(KnownBug.class));
            if (!outcome.violations().isEmpty()) {
                System.out.println(variant + " caught at seed " + seed + ": " + outcome.violations().get(0));
                return outcome.violations();
            }
        }
        throw new AssertionError(variant + ": no violation in " + MAX_SEEDS + " seeds: the checks cannot see it");
    }
}
