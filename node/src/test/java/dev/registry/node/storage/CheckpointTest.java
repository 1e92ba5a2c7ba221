package dev.registry.node.storage;

import static dev.registry.node.storage.RecordLogContract.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint rules K1 (truncate below the oldest retained snapshot) and K2 (recover or refuse). */
@Timeout(60)
class CheckpointTest {

    private static final StorageConfig CONFIG = StorageConfig.test().withSegmentBytes(4096);

    @TempDir
    Path dir;

    /** The state a test node keeps: the list of records applied, snapshotted as lines. */
    private static final class State {
        final List<String> lines = new ArrayList<>();

        void snapshotTo(OutputStream out) throws IOException {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }

        void restoreFrom(InputStream in) throws IOException {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            lines.clear();
            if (!text.isEmpty()) {
                lines.addAll(List.of(text.split("\n")));
            }
        }
    }

    private static void appendApplied(RecordLog log, State state, int from, int to) {
        for (int i = from; i <= to; i++) {
            String line = "op-" + i + "-" + "x".repeat(300);
            log.append(bytes(line)).join();
            state.lines.add(line);
        }
    }

    private static State recovered(RecordLog log, Snapshots snapshots, long expectedCovers) throws IOException {
        State state = new State();
        Checkpoint.Recovered result = Checkpoint.recover(log, snapshots, state::restoreFrom,
                (number, record) -> state.lines.add(new String(record, StandardCharsets.UTF_8)));
        assertEquals(expectedCovers, result.snapshotCovers());
        assertEquals(state.lines.size(), result.lastRecord());
        return state;
    }

    @Test
    void k1k2FileBackendRecoversThroughACorruptNewestSnapshot() throws Exception {
        State live = new State();
        Path logDir = dir.resolve("log");
        SnapshotStore snapshots = SnapshotStore.open(dir.resolve("snapshots"), CONFIG);
        try (DurableLog log = DurableLog.open(logDir, CONFIG)) {
            log.start();
            appendApplied(log, live, 1, 30);
            Checkpoint.take(log, snapshots, 30, live::snapshotTo);
            appendApplied(log, live, 31, 60);
            Checkpoint.take(log, snapshots, 60, live::snapshotTo);
            assertTrue(log.firstRecordNumber() > 1, "K1 freed segments below the older snapshot");
            assertTrue(log.firstRecordNumber() <= 31, "K1 kept everything after the older snapshot");
            appendApplied(log, live, 61, 70);
        }
        try (DurableLog log = DurableLog.open(logDir, CONFIG)) {
            assertEquals(live.lines, recovered(log, snapshots, 60).lines);
        }
        Path newest = dir.resolve("snapshots").resolve(String.format("snapshot-%020d.snap", 60));
        byte[] damaged = Files.readAllBytes(newest);
        damaged[100] ^= 1;
        Files.write(newest, damaged, StandardOpenOption.TRUNCATE_EXISTING);
        try (DurableLog log = DurableLog.open(logDir, CONFIG)) {
            assertEquals(live.lines, recovered(log, snapshots, 30).lines, "fell back to the older snapshot");
        }
    }

    @Test
    void k2ATruncatedLogWithoutAValidSnapshotIsRefused() throws Exception {
        Path logDir = dir.resolve("log");
        SnapshotStore snapshots = SnapshotStore.open(dir.resolve("snapshots"), CONFIG);
        State live = new State();
        try (DurableLog log = DurableLog.open(logDir, CONFIG)) {
            log.start();
            appendApplied(log, live, 1, 30);
            Checkpoint.take(log, snapshots, 20, live::snapshotTo);
            Checkpoint.take(log, snapshots, 30, live::snapshotTo);
        }
        for (long covers : snapshots.retainedCovers()) {
            Files.delete(dir.resolve("snapshots").resolve(String.format("snapshot-%020d.snap", covers)));
        }
        try (DurableLog log = DurableLog.open(logDir, CONFIG)) {
            StorageCorruptionException refused = assertThrows(StorageCorruptionException.class,
                    () -> Checkpoint.recover(log, snapshots, in -> { }, (n, r) -> { }));
            assertTrue(refused.getMessage().contains("are lost"), refused.getMessage());
        }
    }

    @Test
    void k2TwinRecoversAfterACrashAndRefusesALogThatEndsBeforeTheSnapshot() throws Exception {
        InMemorySnapshots snapshots = new InMemorySnapshots(2);
        InMemoryDurableLog log = new InMemoryDurableLog(InMemoryDurableLog.Sync.ON_APPEND, 1000);
        log.start();
        State live = new State();
        appendApplied(log, live, 1, 10);
        Checkpoint.take(log, snapshots, 5, live::snapshotTo);
        Checkpoint.take(log, snapshots, 10, live::snapshotTo);
        assertEquals(6, log.firstRecordNumber(), "K1: below the older snapshot only");
        appendApplied(log, live, 11, 12);
        assertEquals(live.lines, recovered(log.crash(), snapshots, 10).lines);

        InMemoryDurableLog emptyLog = new InMemoryDurableLog(InMemoryDurableLog.Sync.ON_APPEND, 1000);
        StorageCorruptionException refused = assertThrows(StorageCorruptionException.class,
                () -> Checkpoint.recover(emptyLog, snapshots, in -> { }, (n, r) -> { }));
        assertTrue(refused.getMessage().contains("does not belong"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.take(log, snapshots, 99, out -> { }));
    }
}
