package dev.registry.merge;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.clock.HybridClock;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One node's replica: gapless receive (C10), compaction and snapshots (C11, C13), horizon (C12). */
class ReplicaTest {

    private static final InstanceKey KEY = new InstanceKey("orders", "i-1");
    private static final OpPayload.Register REGISTER =
            new OpPayload.Register(Registration.of("10.0.0.1", 80), InstanceStatus.UP, "a");

    @Test
    void c10_writeStampsAppendsAndApplies() {
        Replica a = new Replica("a");
        Operation first = a.write(KEY, REGISTER, 1_000);
        assertEquals(1, first.seq());
        assertEquals(new Hlc(1_000, 0), first.hlc());
        assertEquals(ApplyResult.Change.REGISTERED, a.lastResult().change());
        Operation second = a.write(KEY, new OpPayload.SetStatus(InstanceStatus.DOWN), 900);
        assertEquals(2, second.seq());
        assertEquals(new Hlc(1_000, 1), second.hlc(), "a clock that stepped back still moves forward");
        assertEquals(3, a.nextSeq());
        assertEquals(VersionVector.of(Map.of("a", 2L)), a.vector());
        assertEquals(2, a.log().size());
    }

    @Test
    void c10_receiveIgnoresDuplicatesAndBuffersGapsUntilTheyFill() {
        Replica a = new Replica("a");
        Operation op1 = a.write(KEY, REGISTER, 1_000);
        Operation op2 = a.write(KEY, new OpPayload.SetStatus(InstanceStatus.DOWN), 1_001);
        Operation op3 = a.write(KEY, new OpPayload.Deregister(), 1_002);
        Replica b = new Replica("b");
        assertTrue(b.receive(op3, 10).isEmpty());
        assertTrue(b.receive(op2, 10).isEmpty());
        assertEquals(2, b.pendingCount());
        List<ApplyResult> results = b.receive(op1, 10);
        assertEquals(List.of(op1, op2, op3), results.stream().map(ApplyResult::op).toList());
        assertEquals(0, b.pendingCount());
        assertTrue(b.receive(op2, 10).isEmpty(), "duplicate");
        assertEquals(a.state().digest(), b.state().digest());
        assertTrue(b.clock().current().isAfter(op3.hlc()), "b witnessed a's stamps");
        Operation own = b.write(KEY, REGISTER, 10);
        assertTrue(own.hlc().isAfter(op3.hlc()), "so b's next write orders after what it has seen");
    }

    @Test
    void c10_thePendingBufferIsBounded() {
        Replica a = new Replica("a");
        List<Operation> ops = List.of(a.write(KEY, REGISTER, 1), a.write(KEY, REGISTER, 2), a.write(KEY, REGISTER, 3),
                a.write(KEY, REGISTER, 4));
        Replica b = new Replica("b", new HybridClock(), 2);
        b.receive(ops.get(1), 0);
        b.receive(ops.get(2), 0);
        b.receive(ops.get(3), 0);
        assertEquals(2, b.pendingCount());
        assertEquals(1, b.droppedPending());
        b.receive(ops.get(0), 0);
        assertEquals(VersionVector.of(Map.of("a", 3L)), b.vector());
        b.receiveAll(a.missingFor(b.vector(), 10), 0); // anti-entropy re-sends the dropped one
        assertEquals(a.vector(), b.vector());
    }

    @Test
    void c11_aPeerBehindTheCompactionPointCatchesUpFromASnapshot() {
        Replica a = new Replica("a");
        for (int i = 0; i < 5; i++) {
            a.write(new InstanceKey("orders", "i-" + i), REGISTER, 1_000 + i);
        }
        a.write(new InstanceKey("orders", "i-0"), new OpPayload.Deregister(), 1_010);
        assertEquals(4, a.compact(VersionVector.of(Map.of("a", 4L))));
        Replica b = new Replica("b");
        b.write(new InstanceKey("payments", "p-1"), REGISTER, 500);
        assertFalse(a.canServe(b.vector()));
        List<ApplyResult> changes = b.installSnapshot(a.snapshot(), 2_000);
        assertEquals(4, changes.size(), "i-1..i-4 became visible");
        assertEquals(VersionVector.of(Map.of("a", 6L, "b", 1L)), b.vector());
        assertEquals(2, b.nextSeq(), "b keeps its own sequence");
        assertTrue(a.canServe(b.vector()));
        Operation next = a.write(new InstanceKey("orders", "i-9"), REGISTER, 1_020);
        b.receive(next, 2_000);
        a.receive(b.log().missingFor(a.vector(), 10).get(0), 2_000);
        assertEquals(a.state().digest(), b.state().digest());
        assertEquals(a.vector(), b.vector());
    }

    @Test
    void c13_restoreContinuesFromTheSnapshot() {
        Replica a = new Replica("a");
        a.write(KEY, REGISTER, 1_000);
        a.write(KEY, new OpPayload.SetStatus(InstanceStatus.DOWN), 1_001);
        Replica peer = new Replica("p");
        Operation p1 = peer.write(new InstanceKey("x", "y"), REGISTER, 1_500);
        Operation p2 = peer.write(new InstanceKey("x", "y"), new OpPayload.Expire(), 1_501);
        a.receive(p1, 1_002);
        ReplicaSnapshot snapshot = a.snapshot();
        Replica restored = Replica.restore(snapshot);
        assertEquals(a.vector(), restored.vector());
        assertEquals(a.state().digest(), restored.state().digest());
        assertEquals(3, restored.nextSeq());
        Operation own = restored.write(KEY, new OpPayload.Deregister(), 0);
        assertTrue(own.hlc().isAfter(p1.hlc()), "the restored clock resumes after the snapshot");
        assertEquals(1, restored.receive(p2, 0).size(), "receive continues from the snapshot's vector");
        assertEquals(0, restored.state().size());
    }

    /** C12: a delayed snapshot taken before a tombstone was collected must not bring the instance back. */
    @Test
    void c12_aStaleSnapshotCannotReviveACollectedTombstone() {
        Replica a = new Replica("a");
        Replica b = new Replica("b");
        b.receive(a.write(KEY, REGISTER, 1_000), 1_000);
        ReplicaSnapshot stale = b.snapshot();
        Operation dereg = a.write(KEY, new OpPayload.Deregister(), 1_100);
        b.receive(dereg, 1_100);
        assertEquals(1, b.collectTombstones(new Hlc(1_200, 0)));
        assertEquals(0, b.state().tombstones());
        b.installSnapshot(stale, 1_300);
        assertTrue(b.state().get(KEY).isEmpty(), "no resurrection from a stale snapshot");
        assertTrue(b.state().apply(new Operation("a", 1, new Hlc(1_000, 0), KEY, REGISTER)).change()
                == ApplyResult.Change.NONE, "nor from a duplicate below the horizon");
        assertEquals(new Hlc(1_200, 0), Replica.restore(b.snapshot()).state().collectedBelow());
    }

    /**
     * P10: a node away longer than the tombstone horizon comes back holding an instance the others
     * deregistered and then collected. The snapshot it installs no longer holds that key; the key must not
     * stay visible on the returning node alone. A key of its own newer than the peer's horizon stays.
     */
    @Test
    void p10_aSnapshotDropsWhatItsPeerCollectedWhileWeWereAway() {
        Replica a = new Replica("a");
        Replica away = new Replica("away");
        away.receive(a.write(KEY, REGISTER, 1_000), 1_000);
        InstanceKey mine = new InstanceKey("orders", "mine");
        away.write(mine, REGISTER, 90_000_000);               // written after the peer's horizon
        a.write(KEY, new OpPayload.Deregister(), 1_100);       // while away: deregistered...
        a.collectTombstones(new Hlc(50_000_000, 0));           // ...and collected past the horizon
        assertTrue(a.state().get(KEY).isEmpty());

        List<ApplyResult> changes = away.installSnapshot(a.snapshot(), 90_000_100);

        assertTrue(away.state().get(KEY).isEmpty(), "the collected instance is gone here too");
        assertTrue(changes.stream().anyMatch(c -> c.key().equals(KEY)
                && c.change() == ApplyResult.Change.DEREGISTERED), "and the change is reported (leases, views)");
        assertTrue(away.state().get(mine).isPresent(), "what the peer may simply not have yet stays");
        a.receive(away.log().missingFor(a.vector(), 10).get(0), 90_000_200);
        assertEquals(a.state().digest(), away.state().digest(), "the two agree");
    }
}
