package dev.registry.node.storage;

import static dev.registry.node.storage.RecordLogContract.await;
import static dev.registry.node.storage.RecordLogContract.bytes;
import static dev.registry.node.storage.RecordLogContract.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** File-specific behaviour of DurableLog: persistence across reopen, segments, backpressure, locking. */
@Timeout(60)
class DurableLogTest {

    @TempDir
    Path dir;

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void closeMakesQueuedAppendsDurableAndReopenContinuesTheNumbering() throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            log.start();
            for (int i = 1; i <= 500; i++) {
                futures.add(log.append(bytes("r" + i)));
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(i + 1, futures.get(i).getNow(-1L), "completed by close");
        }
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            List<String> seen = replayAll(log, 1);
            assertEquals(500, seen.size());
            assertEquals("r500", seen.get(499));
            log.start();
            assertEquals(501, await(log.append(bytes("r501"))));
        }
    }

    @Test
    void appendsBeforeStartWaitAndCloseWithoutStartFailsThem() throws Exception {
        DurableLog log = DurableLog.open(dir, StorageConfig.test());
        CompletableFuture<Long> waiting = log.append(bytes("early"));
        assertFalse(waiting.isDone());
        log.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> await(waiting));
        assertTrue(failure.getCause() instanceof StorageClosedException);
        try (DurableLog reopened = DurableLog.open(dir, StorageConfig.test())) {
            assertEquals(0, reopened.lastDurableRecord());
            assertEquals(1, reopened.firstRecordNumber());
        }
    }

    @Test
    void segmentsRollAtTheConfiguredSizeAndTruncateBeforeDeletesWholeSegmentsOnly() throws Exception {
        StorageConfig config = StorageConfig.test().withSegmentBytes(4096);
        byte[] record = new byte[1000 - RecordFormat.RECORD_OVERHEAD];
        try (DurableLog log = DurableLog.open(dir, config)) {
            log.start();
            for (int i = 0; i < 19; i++) {
                log.append(record);
            }
            assertEquals(20, await(log.append(record)));
            // A segment holds a 24-byte header and four 1000-byte records; a fifth would pass 4096.
            List<Path> segments = segmentFiles(dir);
            assertEquals(5, segments.size());
            assertEquals(RecordFormat.segmentName(1), segments.get(0).getFileName().toString());
            assertEquals(RecordFormat.segmentName(17), segments.get(4).getFileName().toString());
            assertEquals(4024, Files.size(segments.get(0)));
            assertEquals(5, log.stats().segments());
            assertEquals(5 * 4024, log.stats().bytes());

            log.truncateBefore(10);
            assertEquals(9, log.firstRecordNumber());
            assertEquals(3, segmentFiles(dir).size());
            assertEquals(3 * 4024, log.stats().bytes());
            assertEquals(12, log.stats().records());

            log.truncateBefore(1000);
            assertEquals(17, log.firstRecordNumber(), "the active segment is never deleted");
            assertEquals(21, await(log.append(record)));
        }
        try (DurableLog log = DurableLog.open(dir, config)) {
            assertEquals(17, log.firstRecordNumber());
            assertEquals(21, log.lastDurableRecord());
            assertEquals(5, replayAll(log, 17).size());
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
        StorageConfig config = StorageConfig.test().withSegmentBytes(4096);
        try (DurableLog log = DurableLog.open(dir, config)) {
            log.start();
            await(log.append(bytes("small")));
            assertEquals(2, await(log.append(new byte[10_000])));
            assertEquals(3, await(log.append(bytes("after"))));
            assertEquals(3, segmentFiles(dir).size());
            assertThrows(IllegalArgumentException.class, () -> log.append(new byte[config.maxRecordBytes() + 1]));
        }
        try (DurableLog log = DurableLog.open(dir, config)) {
            List<byte[]> seen = new ArrayList<>();
            log.replay(1, (number, body) -> seen.add(body));
            assertEquals(10_000, seen.get(1).length);
        }
    }

    @Test
    void aFullQueueFailsFastWithBusyInsteadOfBlocking() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ForceHook stall = new ForceHook() {
            @Override
            public void beforeForce(long upTo) {
                forcing.countDown();
                awaitLatch(release);
            }
        };
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test().withQueueCapacity(16), stall)) {
            log.start();
            CompletableFuture<Long> first = log.append(bytes("first"));
            assertTrue(forcing.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                queued.add(log.append(bytes("q" + i)));
            }
            assertEquals(16, log.stats().queuedRecords());
            CompletableFuture<Long> refused = log.append(bytes("one too many"));
            ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
            assertTrue(busy.getCause() instanceof StorageBusyException, busy.toString());
            assertEquals(16, ((StorageBusyException) busy.getCause()).queuedRecords());
            release.countDown();
            assertEquals(1, await(first));
            assertEquals(17, await(queued.get(15)));
            assertEquals(18, await(log.append(bytes("room again"))));
            assertEquals(0, log.stats().queuedRecords());
        }
    }

    @Test
    void aFailedForceFailsItsBatchAndStopsTheLogForGood() throws Exception {
        ForceHook failThird = new ForceHook() {
            @Override
            public void beforeForce(long upTo) {
                if (upTo == 3) {
                    throw new UncheckedIOException(new IOException("EIO from fsync"));
                }
            }
        };
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test(), failThird)) {
            log.start();
            assertEquals(1, await(log.append(bytes("one"))));
            assertEquals(2, await(log.append(bytes("two"))));
            ExecutionException third = assertThrows(ExecutionException.class, () -> await(log.append(bytes("3"))));
            assertTrue(third.getCause() instanceof StorageFailedException, third.toString());
            ExecutionException later = assertThrows(ExecutionException.class, () -> await(log.append(bytes("4"))));
            assertTrue(later.getCause() instanceof StorageFailedException, "refused after a failed fsync");
            assertTrue(log.failure() != null);
            assertEquals(2, log.lastDurableRecord());
        }
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            // Record 3 was written but its fsync failed: its outcome is unknown, records 1-2 are certain.
            List<String> seen = replayAll(log, 1);
            assertEquals(List.of("one", "two"), seen.subList(0, 2));
        }
    }

    @Test
    void replayWhileTheWriterAppendsAndRollsSeesAConsistentDurablePrefix() throws Exception {
        StorageConfig config = StorageConfig.test().withSegmentBytes(4096).withQueueCapacity(4096);
        try (DurableLog log = DurableLog.open(dir, config)) {
            log.start();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= 3000; i++) {
                    log.append(bytes("record-" + i + "-" + "y".repeat(i % 300)));
                }
                log.append(bytes("done")).join();
            });
            int replays = 0;
            while (!writing.isDone() || replays == 0) {
                long durableBefore = log.lastDurableRecord();
                long[] next = {1};
                log.replay(1, (number, body) -> {
                    assertEquals(next[0], number);
                    String text = new String(body, StandardCharsets.UTF_8);
                    assertTrue(text.equals("done") || text.startsWith("record-" + number + "-"), text);
                    next[0]++;
                });
                assertTrue(next[0] - 1 >= durableBefore, "replay saw at least what was durable when it began");
                replays++;
            }
            writing.get(30, TimeUnit.SECONDS);
            assertEquals(3001, log.lastDurableRecord());
            assertTrue(segmentFiles(dir).size() > 50, "the writer rolled segments during the replays");
        }
    }

    @Test
    void aDirectoryIsOpenedByOneLogAtATime() throws Exception {
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            IOException refused = assertThrows(IOException.class, () -> DurableLog.open(dir, StorageConfig.test()));
            assertTrue(refused.getMessage().contains("already open"), refused.getMessage());
            assertEquals(dir, log.directory());
        }
        DurableLog.open(dir, StorageConfig.test()).close();
    }

    @Test
    void statsCountBatchesAndForces() throws Exception {
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            log.start();
            for (int i = 0; i < 10; i++) {
                await(log.append(bytes("r" + i)));
            }
            LogStats stats = log.stats();
            assertEquals(10, stats.appendedRecords());
            assertEquals(10, stats.batches(), "one append at a time commits one at a time");
            assertEquals(10, stats.fsyncs());
            assertEquals(1.0, stats.averageBatchRecords());
            assertEquals(10, stats.records());
            assertEquals(1, stats.segments());
        }
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
