package dev.registry.chaos.check;

import dev.registry.chaos.history.History;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import org.junit.jupiter.api.Test;

import static dev.registry.chaos.check.Histories.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetFullAndResurrectionTest {
    private static final long MS = 1_000_000L;

    @Test
    void p1_an_acked_register_missing_from_one_final_read_is_lost() {
        Histories h = new Histories();
        Op r = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.read("n1", 10, entry("s/a", r));
        h.read("n2", 11);
        CheckResult result = new SetFullChecker(0).check(h.history());
        assertFalse(result.valid());
        assertEquals(1, result.count("lost"));
        assertTrue(result.anomalies().get(0).contains("final read on n2"), result.anomalies()::toString);
    }

    @Test
    void p1_a_key_that_reappears_in_the_final_reads_is_stable_with_its_latency() {
        Histories h = new Histories();
        Op r = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.read("n2", 10);
        h.read("n2", 40, entry("s/a", r));
        h.read("n1", 41, entry("s/a", r));
        CheckResult result = new SetFullChecker(0).check(h.history());
        assertTrue(result.valid(), result::toString);
        assertEquals(1, result.count("stable"));
        assertEquals(35, result.count("maxStableLatencyMillis"));
    }

    @Test
    void p1_reads_that_began_before_the_ack_do_not_count_so_the_key_is_never_read() {
        Histories h = new Histories();
        h.at(0);
        Op inv = h.invoke(1, OpKind.REGISTER, "n1", "s/a", "x");
        h.read("n2", 3);
        h.at(5);
        h.complete(inv, OpType.OK);
        CheckResult result = new SetFullChecker(0).check(h.history());
        assertEquals(1, result.count("neverRead"));
        assertTrue(result.valid());
    }

    @Test
    void p1_a_deregister_within_the_clock_uncertainty_makes_the_key_ambiguous_not_lost() {
        Histories h = new Histories();
        Op r0 = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.write(1, OpKind.DEREGISTER, "n1", "s/a", null, 10, 12);
        h.write(2, OpKind.REGISTER, "n3", "s/a", "y", 100, 105);
        h.read("n1", 200);
        assertFalse(new SetFullChecker(0).check(h.history()).valid(), "without skew the register is required");
        CheckResult skewed = new SetFullChecker(500 * MS).check(h.history());
        assertTrue(skewed.valid(), skewed::toString);
        assertEquals(1, skewed.count("ambiguous"));
        assertEquals("x", r0.value());
    }

    @Test
    void p4_a_read_long_after_an_acked_deregister_that_shows_the_key_is_a_resurrection() {
        Histories h = new Histories();
        Op r = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.write(1, OpKind.DEREGISTER, "n2", "s/a", null, 10, 12);
        h.read("n3", 50, entry("s/a", r));
        h.read("n3", 2_000, entry("s/a", r));
        CheckResult result = new ResurrectionChecker(1_000 * MS, 0).check(h.history());
        assertFalse(result.valid());
        assertTrue(result.anomalies().get(0).contains("read on n3 at 2000 ms"), result.anomalies()::toString);
    }

    @Test
    void p4_a_later_register_or_an_indeterminate_one_excuses_the_reappearance() {
        Histories h = new Histories();
        h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.write(1, OpKind.DEREGISTER, "n2", "s/a", null, 10, 12);
        Op again = h.write(2, OpKind.REGISTER, "n1", "s/a", "y", 20, 25);
        h.at(30);
        Op timedOut = h.invoke(3, OpKind.REGISTER, "n3", "s/b", "z");
        h.complete(timedOut, OpType.INFO);
        h.write(1, OpKind.DEREGISTER, "n2", "s/b", null, 40, 45);
        h.read("n3", 5_000, entry("s/a", again), entry("s/b", timedOut));
        CheckResult result = new ResurrectionChecker(1_000 * MS, 0).check(h.history());
        assertTrue(result.valid(), result::toString);
        assertEquals(2, result.count("excusedByLaterRegister"));
    }

    @Test
    void p4_the_convergence_bound_starts_after_the_partition_heals() {
        Histories h = new Histories();
        Op r = h.write(1, OpKind.REGISTER, "n1", "s/a", "x", 0, 5);
        h.nemesis(8, "n3", "isolate n3");
        h.write(1, OpKind.DEREGISTER, "n2", "s/a", null, 10, 12);
        h.read("n3", 3_000, entry("s/a", r));
        h.nemesis(4_000, "n1,n2,n3", "heal");
        h.read("n3", 4_500, entry("s/a", r));
        History history = h.history();
        assertTrue(new ResurrectionChecker(1_000 * MS, 0).check(history).valid(), "inside the partition and the bound");
        h.read("n3", 5_100, entry("s/a", r));
        assertFalse(new ResurrectionChecker(1_000 * MS, 0).check(h.history()).valid());
    }

    @Test
    void fault_windows_find_the_first_quiet_stretch() {
        Histories h = new Histories();
        h.nemesis(100, "n1", "kill n1");
        h.nemesis(200, "n1", "heal");
        h.nemesis(250, "n2", "pause n2");
        h.nemesis(400, "n2", "heal");
        FaultWindows w = new FaultWindows(h.history());
        assertEquals(2, w.windows().size());
        assertEquals(0, w.quietFrom(0, 100 * MS));
        assertEquals(400 * MS, w.quietFrom(150 * MS, 100 * MS));
        assertEquals(200 * MS, w.quietFrom(150 * MS, 40 * MS));
    }
}
