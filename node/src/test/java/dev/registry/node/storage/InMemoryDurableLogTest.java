package dev.registry.node.storage;

import static dev.registry.node.storage.RecordLogContract.await;
import static dev.registry.node.storage.RecordLogContract.bytes;
import static dev.registry.node.storage.RecordLogContract.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Crash semantics of the in-memory twin, driven by explicit sync() calls as a simulation would. */
@Timeout(30)
class InMemoryDurableLogTest {

    @Test
    void appendsAreAcknowledgedOnlyBySync() throws Exception {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 100);
        log.start();
        CompletableFuture<Long> a = log.append(bytes("a"));
        CompletableFuture<Long> bc = log.appendAll(List.of(bytes("b"), bytes("c")));
        assertFalse(a.isDone());
        assertEquals(0, log.lastDurableRecord());
        assertEquals(3, log.stats().queuedRecords());
        assertEquals(List.of(), replayAll(log, 1), "pending records are not durable, so not replayed");
        assertEquals(2, log.sync());
        assertEquals(1, a.getNow(-1L));
        assertEquals(3, bc.getNow(-1L));
        assertEquals(1, log.stats().fsyncs());
        assertEquals(3.0, log.stats().averageBatchRecords(), "records per commit");
    }

    @Test
    void aCrashLosesUnsyncedRecordsAndNeverAcknowledgesThem() throws Exception {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 100);
        log.start();
        log.append(bytes("durable-1"));
        log.append(bytes("durable-2"));
        log.sync();
        CompletableFuture<Long> lost = log.append(bytes("lost"));

        InMemoryDurableLog restarted = log.crash();
        assertFalse(lost.isDone(), "a killed process never hears back");
        ExecutionException closed = assertThrows(ExecutionException.class, () -> await(log.append(bytes("x"))));
        assertTrue(closed.getCause() instanceof StorageClosedException);

        assertEquals(List.of("durable-1", "durable-2"), replayAll(restarted, 1));
        restarted.start();
        CompletableFuture<Long> next = restarted.append(bytes("after restart"));
        restarted.sync();
        assertEquals(3, next.getNow(-1L), "numbering continues after the durable records");
    }

    @Test
    void aCrashAfterTruncationKeepsTheNumbering() throws Exception {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.ON_APPEND, 100);
        log.start();
        for (int i = 1; i <= 10; i++) {
            await(log.append(bytes("r" + i)));
        }
        log.truncateBefore(8);
        InMemoryDurableLog restarted = log.crash();
        assertEquals(8, restarted.firstRecordNumber());
        assertEquals(List.of("r8", "r9", "r10"), replayAll(restarted, 8));
    }

    @Test
    void tooManyPendingRecordsAreRefusedAsBusy() {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 2);
        log.start();
        log.append(bytes("1"));
        log.append(bytes("2"));
        CompletableFuture<Long> refused = log.append(bytes("3"));
        ExecutionException busy = assertThrows(ExecutionException.class, refused::get);
        assertTrue(busy.getCause() instanceof StorageBusyException);
        log.sync();
        assertEquals(0, log.pendingRecords());
        CompletableFuture<Long> admitted = log.append(bytes("4"));
        assertFalse(admitted.isDone());
        log.sync();
        assertEquals(3, admitted.getNow(-1L));
    }

    @Test
    void closeBeforeStartRefusesWhatWasPendingLikeTheFileLog() throws Exception {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 100);
        CompletableFuture<Long> pending = log.append(bytes("a"));
        assertEquals(0, log.sync(), "not started: nothing syncs");
        log.close();
        ExecutionException closed = assertThrows(ExecutionException.class, () -> await(pending));
        assertTrue(closed.getCause() instanceof StorageClosedException);
    }

    @Test
    void aSeededCrashKeepsAPrefixOfThePendingRecordsUnacknowledged() throws Exception {
        List<Integer> survivors = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 100);
            log.start();
            log.append(bytes("durable"));
            log.sync();
            List<CompletableFuture<Long>> pending = List.of(log.append(bytes("p1")),
                    log.appendAll(List.of(bytes("p2"), bytes("p3"))));
            InMemoryDurableLog restarted = log.crash(new SplittableRandom(seed));
            pending.forEach(future -> assertFalse(future.isDone()));
            List<String> records = replayAll(restarted, 1);
            assertEquals(List.of("durable", "p1", "p2", "p3").subList(0, records.size()), records, "a prefix");
            survivors.add(records.size() - 1);
        }
        assertTrue(survivors.contains(0) && survivors.contains(3), "seeds reach both extremes: " + survivors);
    }
}
