package dev.registry.chaos.check;

import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import dev.registry.chaos.history.ReadEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failover, mass expiry, bounded resources, convergence and phantoms on hand-written inputs. */
class OperationalCheckersTest {
    private static final long MS = 1_000_000L;
    private static final Set<String> DISRUPTIVE = Set.of("kill", "pause", "isolate");

    @Test
    void p9_failover_time_runs_from_the_fault_to_the_first_ok_through_another_node() {
        Histories h = new Histories();
        h.write(5, OpKind.HEARTBEAT, "n1", "s/a", null, 0, 2);
        h.nemesis(10, "n1", "kill n1");
        h.at(12);
        Op stuck = h.invoke(5, OpKind.HEARTBEAT, "n1", "s/a", null);
        h.at(1_400);
        h.completeVia(stuck, "n2", OpType.OK);
        CheckResult r = new FailoverChecker(2_000 * MS, DISRUPTIVE).check(h.history(), Set.of(5));
        assertTrue(r.valid(), r::toString);
        assertEquals(1_390, r.count("maxFailoverMillis"));
        CheckResult strict = new FailoverChecker(1_000 * MS, DISRUPTIVE).check(h.history(), Set.of(5));
        assertFalse(strict.valid());
    }

    @Test
    void p9_a_client_that_never_recovers_fails_and_unrelated_faults_are_ignored() {
        Histories h = new Histories();
        h.write(5, OpKind.HEARTBEAT, "n1", "s/a", null, 0, 2);
        h.nemesis(5, "n3", "kill n3");
        h.nemesis(10, "n1", "pause n1");
        h.at(12);
        Op stuck = h.invoke(5, OpKind.HEARTBEAT, "n1", "s/a", null);
        h.at(3_000);
        h.complete(stuck, OpType.INFO);
        h.write(5, OpKind.HEARTBEAT, "n1", "s/a", null, 3_001, 3_002);
        CheckResult r = new FailoverChecker(2_000 * MS, DISRUPTIVE).check(h.history(), Set.of(5));
        assertFalse(r.valid());
        assertEquals(1, r.count("violations"), r::toString);
    }

    @Test
    void p9_a_fault_that_heals_before_the_client_fails_over_ends_at_the_first_ok_on_the_same_node() {
        Histories h = new Histories();
        h.write(6, OpKind.HEARTBEAT, "n1", "s/a", null, 0, 2);
        h.nemesis(100, "n1", "isolate n1");
        h.nemesis(900, "n1,n2,n3", "heal-network");
        h.write(6, OpKind.HEARTBEAT, "n1", "s/a", null, 110, 1_300);
        CheckResult r = new FailoverChecker(2_000 * MS, DISRUPTIVE).check(h.history(), Set.of(6));
        assertTrue(r.valid(), r::toString);
        assertEquals(1_200, r.count("maxFailoverMillis"));
    }

    @Test
    void i5_a_minority_node_expiring_a_heartbeating_lease_is_caught() {
        Histories h = new Histories();
        h.write(1, OpKind.REGISTER, "n3", "s/a", "x", 0, 2);
        h.write(1, OpKind.HEARTBEAT, "n3", "s/a", null, 4_000, 4_002);
        h.write(1, OpKind.REGISTER, "n1", "s/b", "y", 0, 2);
        List<MassExpiryChecker.Expiry> expiries = List.of(
                new MassExpiryChecker.Expiry("s/a", "n3", 5_000 * MS),
                new MassExpiryChecker.Expiry("s/b", "n1", 20_000 * MS));
        List<MassExpiryChecker.MinorityWindow> minority = List.of(new MassExpiryChecker.MinorityWindow("n3", 1_000 * MS, 9_000 * MS));
        CheckResult r = new MassExpiryChecker(5_000 * MS, 100 * MS, 0).check(h.history(), expiries, minority);
        assertFalse(r.valid());
        assertEquals(1, r.count("minorityFalseExpiries"));
        assertEquals(1, r.count("falseExpiries"), "s/b stopped heartbeating long before: a true expiry");
        CheckResult majority = new MassExpiryChecker(5_000 * MS, 100 * MS, 1).check(h.history(), expiries, List.of());
        assertTrue(majority.valid(), majority::toString);
    }

    @Test
    void p15_log_and_tombstones_over_their_bounds_are_caught() {
        NodeSnapshot small = new NodeSnapshot("n1", Map.of("s/a", new ReadEntry("s/a", "x", "o", "UP")), Map.of(), "d", 3, 1, 1, false);
        NodeSnapshot leaky = new NodeSnapshot("n2", Map.of(), Map.of(), "d", 500, 300, 0, false);
        BoundedResourcesChecker checker = new BoundedResourcesChecker(2, 10, 50);
        assertTrue(checker.check(List.of(small)).valid());
        CheckResult r = checker.check(List.of(small, leaky));
        assertFalse(r.valid());
        assertEquals(2, r.anomalies().size());
        assertEquals(300, r.count("maxTombstones"));
    }

    @Test
    void p2_convergence_is_measured_from_the_heal_and_must_hold_to_the_end() {
        Set<String> nodes = Set.of("n1", "n2");
        List<ConvergenceChecker.DigestSample> samples = List.of(
                new ConvergenceChecker.DigestSample("n1", 1_100 * MS, "a"),
                new ConvergenceChecker.DigestSample("n2", 1_100 * MS, "b"),
                new ConvergenceChecker.DigestSample("n2", 1_700 * MS, "a"),
                new ConvergenceChecker.DigestSample("n1", 1_800 * MS, "a"));
        CheckResult r = new ConvergenceChecker(5_000 * MS).check(1_000 * MS, nodes, samples, List.of());
        assertTrue(r.valid(), r::toString);
        assertEquals(700, r.count("convergenceMillis"));
        assertFalse(new ConvergenceChecker(500 * MS).check(1_000 * MS, nodes, samples, List.of()).valid());
        List<ConvergenceChecker.DigestSample> flapping = new java.util.ArrayList<>(samples);
        flapping.add(new ConvergenceChecker.DigestSample("n2", 1_900 * MS, "c"));
        assertEquals(-1, new ConvergenceChecker(5_000 * MS).check(1_000 * MS, nodes, flapping, List.of()).count("convergenceMillis"));
    }

    @Test
    void p5_a_read_of_something_never_written_is_a_phantom() {
        Histories h = new Histories();
        Op r = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 2);
        h.read("n1", 5, Histories.entry("s/a", r));
        assertTrue(new PhantomChecker().check(h.history(), List.of()).valid());
        h.read("n2", 6, new ReadEntry("s/a", "x", "forged", "UP"));
        CheckResult bad = new PhantomChecker().check(h.history(), List.of());
        assertFalse(bad.valid());
        assertEquals(1, bad.count("phantoms"));
    }
}
