package dev.registry.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RecordLog contract, written once and run against the file log and the in-memory twin. */
abstract class RecordLogContract {

    private final List<RecordLog> opened = new ArrayList<>();

    /** A started log, fresh and empty. */
    protected abstract RecordLog newLog() throws Exception;

    protected RecordLog track(RecordLog log) {
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(RecordLog::close);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static long await(CompletableFuture<Long> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static List<String> replayAll(RecordLog log, long from) throws Exception {
        List<String> seen = new ArrayList<>();
        long[] expected = {from};
        log.replay(from, (number, record) -> {
            assertEquals(expected[0]++, number, "replay numbers are consecutive");
            seen.add(new String(record, StandardCharsets.UTF_8));
        });
        return seen;
    }

    @Test
    void appendsAreNumberedFromOneWithoutGapsAndReplayInOrder() throws Exception {
        RecordLog log = newLog();
        for (int i = 1; i <= 50; i++) {
            assertEquals(i, await(log.append(bytes("r" + i))));
        }
        List<String> seen = replayAll(log, 1);
        assertEquals(50, seen.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("r" + (i + 1), seen.get(i));
        }
        assertEquals(50, log.lastDurableRecord());
        assertEquals(50, log.stats().records());
    }

    @Test
    void appendAllIsContiguousAndReportsTheLastNumber() throws Exception {
        RecordLog log = newLog();
        await(log.append(bytes("a")));
        long last = await(log.appendAll(List.of(bytes("b"), bytes("c"), bytes("d"))));
        assertEquals(4, last);
        assertEquals(List.of("b", "c", "d"), replayAll(log, 2));
        assertThrows(IllegalArgumentException.class, () -> log.appendAll(List.of()));
    }

    @Test
    void emptyRecordsAndBinaryContentRoundTrip() throws Exception {
        RecordLog log = newLog();
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        await(log.append(new byte[0]));
        await(log.append(binary));
        List<byte[]> seen = new ArrayList<>();
        log.replay(1, (number, record) -> seen.add(record));
        assertEquals(0, seen.get(0).length);
        assertArrayEquals(binary, seen.get(1));
    }

    @Test
    void replayFromBeyondTheEndVisitsNothing() throws Exception {
        RecordLog log = newLog();
        await(log.append(bytes("a")));
        assertEquals(List.of(), replayAll(log, 2));
        assertEquals(List.of(), replayAll(log, 100));
    }

    @Test
    void truncateBeforeNeverDropsARecordAtOrAboveItsArgument() throws Exception {
        RecordLog log = newLog();
        for (int i = 1; i <= 600; i++) {
            log.append(bytes("record-" + i + "-" + "x".repeat(200)));
        }
        await(log.append(bytes("last")));
        log.truncateBefore(400);
        long first = log.firstRecordNumber();
        assertTrue(first <= 400, "first " + first);
        List<String> rest = replayAll(log, first);
        assertEquals(601 - first + 1, rest.size());
        assertTrue(rest.get((int) (400 - first)).startsWith("record-400-"));
        assertThrows(IllegalArgumentException.class, () -> log.replay(first - 1, (n, r) -> { }));
        assertEquals(601, await(log.append(bytes("after"))) - 1);
    }

    @Test
    void closeMakesEveryStartedAppendDurable() throws Exception {
        RecordLog log = newLog();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            futures.add(log.append(bytes("r" + i)));
        }
        log.close();
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(i + 1, futures.get(i).getNow(-1L), "completed by close");
        }
        assertEquals(100, log.lastDurableRecord());
    }

    @Test
    void appendsAfterCloseFailWithClosed() throws Exception {
        RecordLog log = newLog();
        await(log.append(bytes("a")));
        log.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> await(log.append(bytes("b"))));
        assertTrue(failure.getCause() instanceof StorageClosedException, failure.toString());
    }
}
