package dev.registry.chaos.check;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkers can fail: histories from a correct model pass every checker, and histories from
 * deliberately broken models (dropped ack, older-wins resolver, resurrection after tombstone GC,
 * corrupted payload, stuck gossip) are caught by the checker responsible for that invariant.
 */
class BrokenSystemsAreCaughtTest {
    private static final long BOUND = 200 * 1_000_000L;
    private static final Set<String> NODES = Set.of("n1", "n2", "n3");

    @Property(tries = 40)
    void a_correct_system_passes_every_checker(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SimRun run = SimRun.run(seed, EnumSet.noneOf(SimCluster.Bug.class));
        CheckResult setFull = new SetFullChecker(0).check(run.history);
        assertAll("seed " + seed,
                () -> assertTrue(setFull.valid(), setFull::toString),
                () -> assertTrue(setFull.count("stable") > 0, "the run must exercise something: " + setFull),
                () -> valid(new ResurrectionChecker(BOUND, 0).check(run.history)),
                () -> valid(new PhantomChecker().check(run.history, run.finals)),
                () -> valid(new ResolverModelChecker().check(run.finals)),
                () -> valid(new ConvergenceChecker(BOUND).check(run.healNanos, NODES, run.samples, run.finals)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void a_dropped_acknowledgement_is_a_lost_write(long seed) {
        SimRun run = SimRun.run(seed, EnumSet.of(SimCluster.Bug.DROP_ACK));
        CheckResult r = new SetFullChecker(0).check(run.history);
        assertFalse(r.valid(), r::toString);
        assertTrue(r.count("lost") > 0);
        assertTrue(r.anomalies().get(0).startsWith("lost "), r.anomalies()::toString);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void a_resolver_that_prefers_the_older_write_is_caught_by_the_model(long seed) {
        SimRun run = SimRun.run(seed, EnumSet.of(SimCluster.Bug.OLDER_WINS));
        CheckResult r = new ResolverModelChecker().check(run.finals);
        assertFalse(r.valid(), r::toString);
        assertTrue(r.count("modelMismatches") > 0);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void a_tombstone_collected_too_early_resurrects_and_is_caught(long seed) {
        SimRun run = SimRun.run(seed, EnumSet.of(SimCluster.Bug.EARLY_TOMBSTONE_GC));
        CheckResult r = new ResurrectionChecker(BOUND, 0).check(run.history);
        assertFalse(r.valid(), r::toString);
        assertTrue(r.count("resurrections") > 0);
    }

    @Test
    void a_corrupted_payload_is_a_phantom() {
        SimRun run = SimRun.run(7, EnumSet.of(SimCluster.Bug.CORRUPT_PAYLOAD));
        CheckResult r = new PhantomChecker().check(run.history, run.finals);
        assertFalse(r.valid(), r::toString);
        assertTrue(r.count("phantoms") > 0);
    }

    @Test
    void stuck_gossip_never_converges() {
        SimRun run = SimRun.run(7, EnumSet.of(SimCluster.Bug.STUCK_GOSSIP));
        CheckResult r = new ConvergenceChecker(BOUND).check(run.healNanos, NODES, run.samples, run.finals);
        assertFalse(r.valid(), r::toString);
        assertEquals(-1, r.count("convergenceMillis"));
        assertTrue(r.count("deepDifferences") > 0);
    }

    private static void valid(CheckResult r) {
        assertTrue(r.valid(), () -> r.checker() + " " + r.counts() + " " + List.copyOf(r.anomalies()));
    }
}
