package dev.registry.node.storage;

import static dev.registry.node.storage.DurableLogTest.segmentFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random runs of appends, batch appends, truncations, reopenings and torn tails against a plain
 * list as the model: after every step the log holds exactly the model's records from its first number on.
 * A failure names its seed; rerun that seed alone to debug.
 */
@Timeout(120)
class DurableLogModelTest {

    private static final StorageConfig CONFIG = StorageConfig.test().withSegmentBytes(4096);

    @TempDir
    Path temp;

    @Test
    void randomHistoriesMatchTheModel() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            try {
                run(seed, temp.resolve("seed-" + seed));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void run(long seed, Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> model = new ArrayList<>();  // model.get(i) is record i + 1
        DurableLog log = DurableLog.open(dir, CONFIG);
        log.start();
        try {
            for (int step = 0; step < 60; step++) {
                int action = random.nextInt(100);
                if (action < 45) {
                    byte[] record = record(random);
                    assertEquals(model.size() + 1, log.append(record).join());
                    model.add(record);
                } else if (action < 65) {
                    List<byte[]> batch = new ArrayList<>();
                    for (int i = random.nextInt(1, 12); i > 0; i--) {
                        batch.add(record(random));
                    }
                    assertEquals(model.size() + batch.size(), log.appendAll(batch).join());
                    model.addAll(batch);
                } else if (action < 75) {
                    long before = random.nextLong(1, model.size() + 2);
                    long firstBefore = log.firstRecordNumber();
                    log.truncateBefore(before);
                    assertTrue(log.firstRecordNumber() <= Math.max(before, firstBefore), "kept records >= " + before);
                    assertTrue(log.firstRecordNumber() >= firstBefore, "first never moves back");
                } else if (action < 90) {
                    log.close();
                    log = DurableLog.open(dir, CONFIG);
                    log.start();
                } else {
                    log.close();
                    tearTail(dir, random);
                    log = DurableLog.open(dir, CONFIG);
                    log.start();
                }
                check(log, model, dir);
            }
        } finally {
            log.close();
        }
    }

    private static byte[] record(SplittableRandom random) {
        byte[] record = new byte[random.nextInt(0, 1500)];
        random.nextBytes(record);
        return record;
    }

    /** A crash mid-write: garbage, a cut record header, or a plausible header with a short body. */
    private static void tearTail(Path dir, SplittableRandom random) throws IOException {
        List<Path> segments = segmentFiles(dir);
        Path last = segments.get(segments.size() - 1);
        byte[] garbage = new byte[random.nextInt(1, 600)];
        random.nextBytes(garbage);
        if (random.nextBoolean() && garbage.length >= 4) {
            garbage[0] = 0;
            garbage[1] = 0;
            garbage[2] = 1;
            garbage[3] = 0;
        }
        Files.write(last, garbage, StandardOpenOption.APPEND);
    }

    private static void check(DurableLog log, List<byte[]> model, Path dir) throws IOException {
        assertEquals(model.size(), log.lastDurableRecord());
        long first = log.firstRecordNumber();
        List<byte[]> seen = new ArrayList<>();
        long[] next = {first};
        log.replay(first, (number, record) -> {
            assertEquals(next[0]++, number);
            seen.add(record);
        });
        assertEquals(model.size() - first + 1, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertArrayEquals(model.get((int) (first - 1) + i), seen.get(i), "record " + (first + i));
        }
        long onDisk = 0;
        for (Path segment : segmentFiles(dir)) {
            onDisk += Files.size(segment);
        }
        LogStats stats = log.stats();
        assertEquals(onDisk, stats.bytes(), "stats bytes match the files");
        assertEquals(segmentFiles(dir).size(), stats.segments());
        assertEquals(model.size() - first + 1, stats.records());
    }
}
