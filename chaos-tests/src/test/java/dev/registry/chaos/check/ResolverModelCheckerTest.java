package dev.registry.chaos.check;

import dev.registry.chaos.history.ReadEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolverModelCheckerTest {
    private static final ModelOp OLD_REG = new ModelOp("REGISTER", "n1", 1, 1_000, 0, "a", null);
    private static final ModelOp NEW_REG = new ModelOp("REGISTER", "n2", 1, 1_000, 1, "b", null);
    private static final ModelOp TOMB = new ModelOp("DEREGISTER", "n3", 1, 2_000, 0, null, null);
    private static final ModelOp LATE_STATUS = new ModelOp("SET_STATUS", "n1", 2, 3_000, 0, null, "DOWN");
    private static final ModelOp REVIVE = new ModelOp("REGISTER", "n1", 3, 4_000, 0, "c", null);

    @Test
    void the_greatest_hlc_then_origin_wins() {
        assertEquals("b", ResolverModelChecker.model(List.of(NEW_REG, OLD_REG)).opId());
        ModelOp tieOnN3 = new ModelOp("REGISTER", "n3", 7, 1_000, 1, "z", null);
        assertEquals("z", ResolverModelChecker.model(List.of(NEW_REG, tieOnN3, OLD_REG)).opId());
    }

    @Test
    void a_tombstone_beats_everything_older_and_an_update_does_not_revive() {
        assertFalse(ResolverModelChecker.model(List.of(TOMB, OLD_REG, NEW_REG, LATE_STATUS)).present());
    }

    @Test
    void only_a_later_register_revives_and_updates_apply_to_the_live_instance() {
        ResolverModelChecker.Expected e = ResolverModelChecker.model(List.of(REVIVE, TOMB, OLD_REG,
                new ModelOp("SET_STATUS", "n2", 5, 5_000, 0, null, "OUT_OF_SERVICE")));
        assertTrue(e.present());
        assertEquals("c", e.opId());
        assertEquals("OUT_OF_SERVICE", e.status());
    }

    @Test
    void duplicates_of_one_operation_count_once_whatever_the_order() {
        assertEquals(ResolverModelChecker.model(List.of(OLD_REG, NEW_REG, NEW_REG)),
                ResolverModelChecker.model(List.of(NEW_REG, OLD_REG, OLD_REG, NEW_REG)));
        assertNull(ResolverModelChecker.model(List.of()).opId());
    }

    @Test
    void a_compacted_history_reads_the_registration_stamp_as_the_register_unless_liveness_is_explicit() {
        ModelOp registration = new ModelOp("REGISTRATION", "n1", 0, 1_000, 0, null, null);
        ModelOp owner = new ModelOp("OWNER", "n2", 0, 2_000, 0, null, null);
        assertTrue(ResolverModelChecker.model(List.of(registration, owner)).present());
        ModelOp dead = new ModelOp("DEREGISTERED", "n3", 0, 1_500, 0, null, null);
        assertFalse(ResolverModelChecker.model(List.of(registration, dead, owner)).present());
        ModelOp laterUpdate = new ModelOp("REGISTRATION", "n1", 0, 3_000, 0, null, null);
        ModelOp alive = new ModelOp("ALIVE", "n1", 0, 500, 0, null, null);
        assertFalse(ResolverModelChecker.model(List.of(alive, dead, laterUpdate)).present(),
                "an UPDATE after the tombstone revives nothing");
    }

    @Test
    void p6_nodes_holding_the_older_write_fail_the_model() {
        ReadEntry older = new ReadEntry("s/a", "pa", "a", "UP");
        Map<String, List<ModelOp>> ops = Map.of("s/a", List.of(OLD_REG, NEW_REG));
        NodeSnapshot n1 = new NodeSnapshot("n1", Map.of("s/a", older), ops, "d", 2, 0, 1, false);
        NodeSnapshot n2 = new NodeSnapshot("n2", Map.of("s/a", older), ops, "d", 2, 0, 1, false);
        CheckResult r = new ResolverModelChecker().check(List.of(n1, n2));
        assertFalse(r.valid());
        assertEquals(0, r.count("divergentKeys"));
        assertEquals(2, r.count("modelMismatches"));
    }

    @Test
    void p6_nodes_that_disagree_are_divergent() {
        ReadEntry b = new ReadEntry("s/a", "pb", "b", "UP");
        Map<String, List<ModelOp>> ops = Map.of("s/a", List.of(OLD_REG, NEW_REG));
        NodeSnapshot n1 = new NodeSnapshot("n1", Map.of("s/a", b), ops, "d", 2, 0, 1, false);
        NodeSnapshot n2 = new NodeSnapshot("n2", Map.of(), Map.of(), "e", 0, 0, 0, false);
        CheckResult r = new ResolverModelChecker().check(List.of(n1, n2));
        assertFalse(r.valid());
        assertEquals(1, r.count("divergentKeys"));
        assertEquals(1, r.count("modelMismatches"));
        assertTrue(new ResolverModelChecker().check(List.of(n1)).valid());
    }
}
