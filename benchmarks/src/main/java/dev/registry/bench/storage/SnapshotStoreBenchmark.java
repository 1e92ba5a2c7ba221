package dev.registry.bench.storage;

import dev.registry.node.storage.Snapshot;
import dev.registry.node.storage.SnapshotStore;
import dev.registry.node.storage.StorageConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to save (stream, fsync, rename, fsync dir) and to find-and-verify (full CRC pass) a snapshot of
 * {@code megabytes} MiB, the size class of a registry with about a million instances. Streamed in 64 KiB
 * pieces, so the heap never holds the snapshot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class SnapshotStoreBenchmark {

    @Param({"128"})
    public int megabytes;

    private Path dir;
    private SnapshotStore store;
    private byte[] piece;
    private long covers;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "snapshot-bench");
        store = SnapshotStore.open(dir, StorageConfig.lan());
        piece = new byte[64 * 1024];
        new SplittableRandom(7).nextBytes(piece);
        store.save(++covers, this::writeBody);
    }

    private void writeBody(OutputStream out) throws IOException {
        for (int i = 0; i < megabytes * 16; i++) {
            out.write(piece);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Benchmark
    public long save() throws IOException {
        store.save(++covers, this::writeBody);
        return covers;
    }

    @Benchmark
    public long latestVerified() throws IOException {
        Snapshot latest = store.latest().orElseThrow();
        return latest.sizeBytes();
    }
}
