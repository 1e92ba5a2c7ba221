package dev.registry.oplog;

import dev.registry.clock.Hlc;
import dev.registry.model.InstanceKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules C10 (gapless per-origin sequences) and C11 (compaction below the frontier, then snapshots). */
class OperationLogTest {

    private static final InstanceKey A = new InstanceKey("orders", "a");
    private static final InstanceKey B = new InstanceKey("orders", "b");

    private static Operation op(String origin, long seq, long wall, InstanceKey key) {
        return new Operation(origin, seq, new Hlc(wall, 0), key, new OpPayload.Deregister());
    }

    @Test
    void c10_appendAcceptsOnlyTheNextSeqOfItsOrigin() {
        OperationLog log = new OperationLog();
        log.append(op("n1", 1, 10, A));
        assertThrows(IllegalStateException.class, () -> log.append(op("n1", 3, 11, A)));
        assertThrows(IllegalStateException.class, () -> log.append(op("n1", 1, 11, A)));
        assertThrows(IllegalStateException.class, () -> log.append(op("n2", 2, 11, A)));
        log.append(op("n1", 2, 11, A));
        assertEquals(2, log.size());
        assertEquals(2, log.lastSeq("n1"));
    }

    @Test
    void c10_missingForAnswersPerOriginInSeqOrderWithinTheLimit() {
        OperationLog log = new OperationLog();
        for (int s = 1; s <= 5; s++) {
            log.append(op("n1", s, 10 + s, A));
            log.append(op("n2", s, 20 + s, B));
        }
        VersionVector peer = VersionVector.of(Map.of("n1", 3L, "n2", 1L));
        List<Operation> missing = log.missingFor(peer, 100);
        assertEquals(List.of(4L, 5L, 2L, 3L, 4L, 5L), missing.stream().map(Operation::seq).toList());
        assertEquals(List.of("n1", "n1", "n2", "n2", "n2", "n2"), missing.stream().map(Operation::origin).toList());
        assertEquals(3, log.missingFor(peer, 3).size());
        assertTrue(log.missingFor(VersionVector.of(Map.of("n1", 5L, "n2", 5L)), 10).isEmpty());
    }

    @Test
    void c11_compactionDropsOnlyAtOrBelowTheFrontierAndThenPeersBelowNeedASnapshot() {
        OperationLog log = new OperationLog();
        for (int s = 1; s <= 5; s++) {
            log.append(op("n1", s, 10 + s, s % 2 == 0 ? A : B));
        }
        assertEquals(3, log.compactBelow(VersionVector.of(Map.of("n1", 3L))));
        assertEquals(2, log.size());
        assertEquals(4, log.firstRetained("n1"));
        assertTrue(log.canServe(VersionVector.of(Map.of("n1", 3L))));
        assertFalse(log.canServe(VersionVector.of(Map.of("n1", 2L))));
        assertEquals(List.of(4L, 5L), log.missingFor(VersionVector.EMPTY, 10).stream().map(Operation::seq).toList());
        assertEquals(List.of(4L), log.forKey(A).stream().map(Operation::seq).toList());
        assertEquals(List.of(5L), log.forKey(B).stream().map(Operation::seq).toList());
        assertEquals(0, log.compactBelow(VersionVector.of(Map.of("n1", 3L))), "idempotent");
        assertEquals(2, log.compactBelow(VersionVector.of(Map.of("n1", 99L))), "never beyond what it has");
        log.append(op("n1", 6, 30, A));
        assertEquals(6, log.lastSeq("n1"));
    }

    @Test
    void c11_advanceToSkipsSeqsCoveredByASnapshot() {
        OperationLog log = new OperationLog();
        log.append(op("n1", 1, 10, A));
        log.advanceTo("n1", 7);
        assertEquals(0, log.size());
        assertEquals(7, log.lastSeq("n1"));
        assertFalse(log.canServe(VersionVector.of(Map.of("n1", 6L))));
        assertThrows(IllegalStateException.class, () -> log.append(op("n1", 2, 11, A)));
        log.append(op("n1", 8, 12, A));
        assertEquals(1, log.size());
    }

    @Test
    void forKeyIsNewestStampFirst() {
        OperationLog log = new OperationLog();
        log.append(op("n1", 1, 30, A));
        log.append(op("n2", 1, 10, A));
        log.append(op("n2", 2, 40, B));
        log.append(op("n3", 1, 30, A));
        assertEquals(List.of("n3", "n1", "n2"), log.forKey(A).stream().map(Operation::origin).toList());
        assertEquals(List.of(), log.forKey(new InstanceKey("x", "y")));
    }
}
