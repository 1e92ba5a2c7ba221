package dev.registry.chaos.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryJsonlTest {

    @Test
    void a_history_survives_a_round_trip_through_jsonl(@TempDir Path dir) {
        AtomicLong clock = new AtomicLong(5_000);
        HistoryRecorder rec = new HistoryRecorder(() -> clock.addAndGet(1_000_000), "r-");
        Op reg = rec.invoke(1, OpKind.REGISTER, "n1", "s/a", "payload", rec.nextOpId());
        rec.complete(reg, OpType.OK, null, List.of(), null);
        Op read = rec.invoke(2, OpKind.READ, "n2", null, null, rec.nextOpId());
        rec.complete(read, OpType.OK, null, List.of(new ReadEntry("s/a", "payload", reg.opId(), "UP")), null);
        rec.nemesis("n3", "kill n3");
        Op lost = rec.invoke(1, OpKind.DEREGISTER, "n3", "s/a", null, rec.nextOpId());
        rec.complete(lost, OpType.INFO, null, List.of(), "timeout after 1000 ms");

        Path file = dir.resolve("history.jsonl");
        HistoryJsonl jsonl = new HistoryJsonl();
        jsonl.write(rec.snapshot(), file);
        History back = jsonl.read(file);

        assertEquals(rec.snapshot().ops(), back.ops());
        assertEquals(3, back.completed().size());
        assertEquals(OpType.INFO, back.completed(OpKind.DEREGISTER).get(0).outcome());
        assertEquals(1, back.nemesis().size());
    }

    @Test
    void one_clock_orders_the_history_and_unfinished_ops_are_indeterminate() {
        AtomicLong clock = new AtomicLong();
        HistoryRecorder rec = new HistoryRecorder(() -> clock.addAndGet(7), "r-");
        Op a = rec.invoke(1, OpKind.REGISTER, "n1", "s/a", "p", rec.nextOpId());
        History h = rec.snapshot();
        assertEquals(OpType.INFO, h.completed().get(0).outcome());
        assertEquals(Long.MAX_VALUE, h.completed().get(0).endNanos());
        assertNull(h.completed().get(0).completion());
        rec.complete(a, OpType.FAIL, null, List.of(), "400");
        List<Op> ops = rec.snapshot().ops();
        assertTrue(ops.get(1).timeNanos() > ops.get(0).timeNanos());
        assertEquals(1, ops.get(1).index());
    }

    @Test
    void a_completion_without_invocation_is_refused() {
        Op orphan = new Op(0, 1, 1, OpType.OK, OpKind.REGISTER, "n1", "s/a", "p", "x", List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> new History(List.of(orphan)));
    }
}
