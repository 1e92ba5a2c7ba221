package dev.registry.merge;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules C11 (compaction frontier) and C12 (tombstones need a settled stamp, not just the frontier). */
class StabilityTest {

    private static final Set<String> MEMBERS = Set.of("a", "b", "c");
    private static final InstanceKey KEY = new InstanceKey("orders", "i-1");

    private static OpPayload.Register register(String owner) {
        return new OpPayload.Register(Registration.of("10.0.0.1", 80), InstanceStatus.UP, owner);
    }

    private static void report(Stability stability, Replica r) {
        stability.observe(r.nodeId(), r.vector(), r.clock().current());
    }

    @Test
    void c11_theFrontierIsThePointwiseMinOverMembersAndUnknownMembersCountEmpty() {
        Stability stability = new Stability();
        stability.observe("a", VersionVector.of(Map.of("a", 5L, "b", 2L)), new Hlc(10, 0));
        stability.observe("b", VersionVector.of(Map.of("a", 3L, "b", 4L)), new Hlc(10, 0));
        assertEquals(VersionVector.of(Map.of("a", 3L, "b", 2L)), stability.frontier(Set.of("a", "b")));
        assertEquals(VersionVector.EMPTY, stability.frontier(MEMBERS), "c never reported");
        assertEquals(Hlc.ZERO, stability.stableBefore(MEMBERS));
        stability.observe("a", VersionVector.of(Map.of("a", 1L)), new Hlc(5, 0));
        assertEquals(VersionVector.of(Map.of("a", 3L, "b", 2L)), stability.frontier(Set.of("a", "b")),
                "a late, older report does not move the frontier back");
    }

    /**
     * The scenario the frontier alone gets wrong. b registers the key concurrently (an older stamp than
     * a's deregistration) and c has not received b's REGISTER yet. Every member has a's DEREGISTER, so
     * the frontier covers it, but dropping c's tombstone would let b's late REGISTER resurrect the key
     * on c alone. The settled-report rule keeps the tombstone until b's REGISTER is everywhere.
     */
    @Test
    void c12_aTombstoneCoveredByTheFrontierIsStillKeptWhileAnOlderConcurrentRegisterIsInFlight() {
        Replica a = new Replica("a");
        Replica b = new Replica("b");
        Replica c = new Replica("c");
        Stability stability = new Stability();
        Operation reg = a.write(KEY, register("a"), 1_000);
        b.receive(reg, 1_000);
        c.receive(reg, 1_000);
        for (Replica r : new Replica[] {a, b, c}) {
            report(stability, r);
        }
        Operation concurrent = b.write(KEY, register("b"), 1_050); // reaches a, not c (yet)
        a.receive(concurrent, 1_060);
        Operation dereg = a.write(KEY, new OpPayload.Deregister(), 1_070);
        b.receive(dereg, 1_080);
        c.receive(dereg, 1_080);
        for (Replica r : new Replica[] {a, b, c}) {
            report(stability, r);
            assertTrue(r.state().get(KEY).isEmpty());
        }
        VersionVector frontier = stability.frontier(MEMBERS);
        assertTrue(frontier.get("a") >= dereg.seq(), "every member has the deregistration");
        assertEquals(0, frontier.get("b"), "c lacks b's register");

        // The naive rule ("the frontier covers the tombstone's op") drops it, and b's REGISTER revives the key on c.
        RegistryState naive = RegistryState.restore(c.state().exportKeys().stream()
                .filter(r -> !r.key().equals(KEY)).toList());
        assertEquals(ApplyResult.Change.REGISTERED, naive.apply(concurrent).change(),
                "the naive rule resurrects the instance on c alone");

        Hlc stable = stability.stableBefore(MEMBERS);
        assertTrue(stable.isBefore(concurrent.hlc()), "b's report is not settled: " + stable);
        c.collectTombstones(stable);
        assertEquals(1, c.state().tombstones(), "the tombstone is kept");
        c.receive(concurrent, 1_100);
        assertTrue(c.state().get(KEY).isEmpty(), "no resurrection");
        assertEquals(a.state().digest(), c.state().digest());

        report(stability, c);
        for (Replica r : new Replica[] {a, b}) {
            r.clock().tick(2_000);
            report(stability, r);
        }
        Hlc settled = stability.stableBefore(MEMBERS);
        assertTrue(settled.isAfter(dereg.hlc()), "once everything is everywhere the bound passes the tombstone");
        assertEquals(1, c.collectTombstones(settled));
        assertFalse(c.state().get(KEY).isPresent());
    }

    @Test
    void c12_reportsStayBoundedAndThinningOnlyLowersTheBound() {
        Stability exact = new Stability(1_000);
        Stability thinned = new Stability(4);
        for (int i = 1; i <= 100; i++) {
            VersionVector v = VersionVector.of(Map.of("a", (long) i, "b", (long) i));
            for (Stability s : new Stability[] {exact, thinned}) {
                s.observe("a", v, new Hlc(i * 10L, 0));
                s.observe("b", VersionVector.of(Map.of("a", (long) (i / 2), "b", (long) i)), new Hlc(i * 10L, 0));
            }
            Set<String> members = Set.of("a", "b");
            assertTrue(thinned.stableBefore(members).compareTo(exact.stableBefore(members)) <= 0,
                    "thinning must be conservative at step " + i);
        }
        assertEquals(new Hlc(500, 0), exact.stableBefore(Set.of("a", "b")));
    }
}
