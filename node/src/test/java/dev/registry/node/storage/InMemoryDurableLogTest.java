package dev.registry.node.storage;

import static dev.registry.node.storage.RecordLogContract.await;
import static dev.registry.node.storage.RecordLogContract.bytes;
import static dev.registry.node.storage.RecordLogContract.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void closeSyncsWhatWasAppended() {
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.MANUAL, 100);
        CompletableFuture<Long> pending = log.append(bytes("a"));
        assertFalse(pending.isDone(), "not started: nothing syncs");
        log.close();
        assertEquals(1, pending.getNow(-1L));
    }
}
