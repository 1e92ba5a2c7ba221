package dev.registry.node.storage;

import static dev.registry.node.storage.RecordLogContract.await;
import static dev.registry.node.storage.RecordLogContract.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: one force serves many appends, and no future completes before the force covering it. */
@Timeout(60)
class GroupCommitTest {

    @TempDir
    Path dir;

    private ExecutorService appenders;

    @AfterEach
    void stopAppenders() {
        if (appenders != null) {
            appenders.shutdownNow();
        }
    }

    @Test
    void aFutureStaysIncompleteWhileItsForceIsInProgress() throws Exception {
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ForceHook stall = new ForceHook() {
            @Override
            public void beforeForce(long upTo) {
                forcing.countDown();
                DurableLogTest.awaitLatch(release);
            }
        };
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test(), stall)) {
            log.start();
            CompletableFuture<Long> append = log.append(bytes("payload"));
            assertTrue(forcing.await(10, TimeUnit.SECONDS), "writer reached force");
            assertFalse(append.isDone(), "written but not forced: must not be acknowledged");
            assertEquals(0, log.lastDurableRecord());
            release.countDown();
            assertEquals(1, await(append));
            assertEquals(1, log.lastDurableRecord());
        }
    }

    @Test
    void concurrentAppendersShareForcesAndEveryAckFollowsItsForce() throws Exception {
        AtomicLong forcedUpTo = new AtomicLong();
        CountDownLatch firstForce = new CountDownLatch(1);
        CountDownLatch allQueued = new CountDownLatch(1);
        ForceHook recordForces = new ForceHook() {
            @Override
            public void beforeForce(long upTo) {
                // Hold the first commit until every appender has queued, so the rest must share forces.
                firstForce.countDown();
                if (upTo == 1) {
                    DurableLogTest.awaitLatch(allQueued);
                }
            }

            @Override
            public void afterForce(long upTo) {
                forcedUpTo.accumulateAndGet(upTo, Math::max);
            }
        };
        int threads = 16;
        int perThread = 60;
        StorageConfig config = StorageConfig.test().withMaxBatch(256, Duration.ZERO);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        try (DurableLog log = DurableLog.open(dir, config, recordForces)) {
            log.start();
            CompletableFuture<Long> first = log.append(bytes("first"));
            assertTrue(firstForce.await(10, TimeUnit.SECONDS));
            appenders = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<List<CompletableFuture<Long>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<Long>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<Long> ack = log.append(bytes(thread + ":" + i));
                        ack.thenAccept(number -> {
                            if (number > forcedUpTo.get()) {
                                violations.add("record " + number + " acked before force (forced " + forcedUpTo + ")");
                            }
                        });
                        mine.add(ack);
                    }
                    return mine;
                }, appenders));
            }
            List<CompletableFuture<Long>> acks = new ArrayList<>();
            for (CompletableFuture<List<CompletableFuture<Long>>> batch : submitted) {
                acks.addAll(batch.get(10, TimeUnit.SECONDS));
            }
            allQueued.countDown();
            assertEquals(1, await(first));
            Set<Long> numbers = new HashSet<>();
            for (CompletableFuture<Long> ack : acks) {
                numbers.add(await(ack));
            }
            int records = threads * perThread;
            assertEquals(records, numbers.size(), "every record has its own number");
            assertEquals(records + 1, log.lastDurableRecord());
            LogStats stats = log.stats();
            // 960 queued records in batches of at most 256, plus the held first commit: at most 5 commits.
            assertTrue(stats.batches() <= 5, "batches " + stats.batches());
            assertTrue(stats.fsyncs() <= 5 + stats.segments(), "fsyncs " + stats.fsyncs());
            assertTrue(stats.averageBatchRecords() >= 190, "average batch " + stats.averageBatchRecords());
            assertTrue(violations.isEmpty(), violations.toString());
        }
    }

    @Test
    void aBatchDelayLetsALaterAppendJoinTheWaitingCommit() throws Exception {
        // local() profile behaviour: the writer holds a commit open for up to maxBatchDelay for more appends.
        StorageConfig config = StorageConfig.test().withMaxBatch(1024, Duration.ofMillis(500));
        try (DurableLog log = DurableLog.open(dir, config)) {
            log.start();
            CompletableFuture<Long> first = log.append(bytes("first"));
            CompletableFuture<Long> second = log.append(bytes("second"));
            assertEquals(1, await(first));
            assertEquals(2, await(second));
            assertEquals(1, log.stats().batches(), "both appends shared one commit");
            assertEquals(1, log.stats().fsyncs());
        }
    }

    @Test
    void naturalGroupCommitBatchesUnderFreeRunningLoad() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (DurableLog log = DurableLog.open(dir, StorageConfig.test())) {
            log.start();
            appenders = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.append(bytes("x".repeat(200))).join();
                    }
                }, appenders));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
            LogStats stats = log.stats();
            assertEquals(threads * perThread, stats.appendedRecords());
            // Eight synchronous appenders: while one force runs the others queue, so commits are shared.
            assertTrue(stats.fsyncs() < stats.appendedRecords(), stats.toString());
        }
    }
}
