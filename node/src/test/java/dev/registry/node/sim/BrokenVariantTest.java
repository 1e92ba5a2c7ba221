package dev.registry.node.sim;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checks can fail: a node with one deliberate bug ({@link SimNode.Variant}) is caught within a few
 * seeds, by the check that bug breaks.
 */
@Timeout(60)
class BrokenVariantTest {

    private static final int MAX_SEEDS = 200;

    @Test
    void pushingOwnOperationsBeforeTheyAreDurableIsCaught() {
        caught(SimNode.Variant.PUSH_BEFORE_DURABLE, v -> v.startsWith("G1 "));
        caught(SimNode.Variant.PUSH_BEFORE_DURABLE, v -> v.startsWith("I2 acknowledged"));
    }

    @Test
    void collectingTombstonesBeforeTheyAreStableIsCaught() {
        caught(SimNode.Variant.COLLECT_EAGERLY, v -> v.startsWith("I1 "));
        caught(SimNode.Variant.COLLECT_EAGERLY, v -> v.startsWith("I3 ") && !v.startsWith("I3 while running"));
    }

    @Test
    void expiringOnTheMinoritySideIsCaught() {
        caught(SimNode.Variant.IGNORE_QUORUM, v -> v.startsWith("I5 "));
    }

    /** Some seed of the first MAX_SEEDS must report a violation that {@code expected} matches. */
    private static void caught(SimNode.Variant variant, Predicate<String> expected) {
        for (long seed = 3_000; seed < 3_000 + MAX_SEEDS; seed++) {
            List<String> violations = Scenario.run(seed, 3, variant).violations();
            for (String v : violations) {
                if (expected.test(v)) {
                    System.out.println(variant + " caught at seed " + seed + ": " + v);
                    return;
                }
            }
        }
        throw new AssertionError(variant + ": the expected violation did not show in " + MAX_SEEDS + " seeds");
    }
}
