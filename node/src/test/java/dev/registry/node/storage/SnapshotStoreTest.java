package dev.registry.node.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static byte[] body(long seed, int size) {
        byte[] body = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        }
    }

    @Test
    void aStreamedSnapshotRoundTripsAndKeepsTheNewestTwo() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        assertTrue(store.latest().isEmpty());
        for (int covers = 100; covers <= 300; covers += 100) {
            long seed = covers;
            // Written in 8 KiB pieces, never as one array: 3 MiB in total.
            store.save(covers, out -> {
                for (int piece = 0; piece < 384; piece++) {
                    out.write(body(seed * 1000 + piece, 8192));
                }
            });
        }
        assertEquals(List.of(name(200), name(300)), files());
        Snapshot latest = store.latest().orElseThrow();
        assertEquals(300, latest.coversUpTo());
        assertEquals(384 * 8192, latest.sizeBytes());
        latest.read(in -> {
            for (int piece = 0; piece < 384; piece++) {
                assertArrayEquals(body(300 * 1000 + piece, 8192), in.readNBytes(8192));
            }
            assertEquals(-1, in.read());
        });
    }

    @Test
    void aLeftoverTempFileIsIgnoredAndDeletedAtOpen() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(10, out -> out.write(body(1, 1000)));
        Path temp = dir.resolve(name(20) + ".tmp");
        Files.write(temp, body(2, 500));
        assertEquals(10, store.latest().orElseThrow().coversUpTo(), "a temp file is never a snapshot");
        SnapshotStore reopened = SnapshotStore.open(dir, StorageConfig.test());
        assertFalse(Files.exists(temp));
        assertArrayEquals(body(1, 1000), reopened.latest().orElseThrow().readAllBytes());
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToThePreviousOne() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(10, out -> out.write(body(1, 5000)));
        store.save(20, out -> out.write(body(2, 5000)));
        flipByte(dir.resolve(name(20)), SnapshotFormat.HEADER_BYTES + 2500);
        Snapshot fallback = store.latest().orElseThrow();
        assertEquals(10, fallback.coversUpTo());
        assertArrayEquals(body(1, 5000), fallback.readAllBytes());

        flipByte(dir.resolve(name(10)), 3);
        assertTrue(store.latest().isEmpty(), "both corrupt: no snapshot, replay the whole log");
    }

    @Test
    void aTruncatedNewestSnapshotFallsBack() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(10, out -> out.write(body(1, 5000)));
        store.save(20, out -> out.write(body(2, 5000)));
        try (FileChannel channel = FileChannel.open(dir.resolve(name(20)), StandardOpenOption.WRITE)) {
            channel.truncate(3000);
        }
        assertEquals(10, store.latest().orElseThrow().coversUpTo());
    }

    @Test
    void corruptionAfterVerificationIsReportedWhenReadToTheEnd() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(10, out -> out.write(body(1, 5000)));
        Snapshot verified = store.latest().orElseThrow();
        flipByte(dir.resolve(name(10)), SnapshotFormat.HEADER_BYTES + 10);
        assertThrows(StorageCorruptionException.class, verified::readAllBytes);
    }

    @Test
    void aFailingWriterLeavesNoFileAndTheOldSnapshotStands() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(10, out -> out.write(body(1, 100)));
        assertThrows(IOException.class, () -> store.save(20, out -> {
            out.write(body(2, 100));
            throw new IOException("serializer failed");
        }));
        assertEquals(List.of(name(10)), files());
        assertEquals(10, store.latest().orElseThrow().coversUpTo());
        assertThrows(IllegalArgumentException.class, () -> store.save(5, out -> out.write(1)));
    }

    @Test
    void anEmptyBodyIsAValidSnapshot() throws Exception {
        SnapshotStore store = SnapshotStore.open(dir, StorageConfig.test());
        store.save(0, out -> { });
        Snapshot snapshot = store.latest().orElseThrow();
        assertEquals(0, snapshot.sizeBytes());
        snapshot.read(in -> assertEquals(-1, in.read()));
    }

    @Test
    void theInMemoryTwinKeepsTheNewestAndDropsAFailedSave() throws Exception {
        InMemorySnapshots store = new InMemorySnapshots(2);
        store.save(10, out -> out.write(body(1, 100)));
        assertThrows(IOException.class, () -> store.save(20, out -> {
            throw new IOException("serializer failed");
        }));
        Snapshot snapshot = store.latest().orElseThrow();
        assertEquals(10, snapshot.coversUpTo());
        assertArrayEquals(body(1, 100), snapshot.readAllBytes());
        assertThrows(IllegalArgumentException.class, () -> store.save(5, out -> out.write(1)));
    }

    private static String name(long covers) {
        return String.format("snapshot-%020d.snap", covers);
    }
}
