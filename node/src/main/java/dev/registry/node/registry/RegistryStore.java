package dev.registry.node.registry;

import dev.registry.clock.Hlc;
import dev.registry.clock.HybridClock;
import dev.registry.merge.KeyRecord;
import dev.registry.merge.Replica;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.node.storage.Checkpoint;
import dev.registry.node.storage.DurableLog;
import dev.registry.node.storage.RecordLog;
import dev.registry.node.storage.SnapshotStore;
import dev.registry.node.storage.Snapshots;
import dev.registry.node.storage.StorageConfig;
import dev.registry.node.wire.ReceivedOps;
import dev.registry.node.wire.WireCodec;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The node's durable state: its identity, the log of every applied operation, and state snapshots.
 *
 * <p>Rule D1: a write is acknowledged only after its operation is in the log and forced to disk.
 * Rule D2: a node whose data directory is empty starts a new incarnation (origin id
 * {@code nodeId~incarnation}), so a wiped node can never reuse a sequence number its peers hold.
 * Rule D3: recovery = newest valid snapshot + replay of the log after it (storage's Checkpoint: the log
 * is truncated only below the oldest retained snapshot, and a log that does not fit the snapshot is
 * refused); replay is idempotent, already-covered operations being duplicates to the replica.
 */
final class RegistryStore implements AutoCloseable {

    /** 2: adds collectedBelow after the clock. Bump on any change; an unknown version is refused. */
    private static final int SNAPSHOT_FORMAT = 2;

    private final Path dataDir;
    private final RecordLog log;
    private final Snapshots snapshots;
    private final WireCodec codec;
    private volatile CompletableFuture<Long> lastAppend = CompletableFuture.completedFuture(0L);

    RegistryStore(Path dataDir, RecordLog log, Snapshots snapshots, WireCodec codec) {
        this.dataDir = dataDir;
        this.log = log;
        this.snapshots = snapshots;
        this.codec = codec;
    }

    static RegistryStore open(Path dataDir, StorageConfig config, WireCodec codec) throws IOException {
        Files.createDirectories(dataDir);
        return new RegistryStore(dataDir, DurableLog.open(dataDir.resolve("log"), config),
                SnapshotStore.open(dataDir.resolve("snapshots"), config), codec);
    }

    /** The recovered replica and what recovery found, for logs and metrics. */
    record Recovered(Replica replica, boolean newIncarnation, long snapshotCovers, long replayed) {
    }

    /** Loads identity, snapshot and log (D2, D3). Runs before the node serves anything. */
    Recovered recover(String nodeId, long nowMillis, Random random) throws IOException {
        Path identity = dataDir.resolve("identity");
        boolean fresh = !Files.exists(identity);
        if (fresh && log.lastDurableRecord() > 0) {
            throw new IllegalStateException("data directory " + dataDir + " has a log but no identity file: "
                    + "refusing to guess this node's origin (restore the file or wipe the directory)");
        }
        String origin;
        if (fresh) {
            origin = nodeId + "~" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            Path tmp = dataDir.resolve("identity.tmp");
            Files.writeString(tmp, "origin=" + origin + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, identity, StandardCopyOption.ATOMIC_MOVE);
        } else {
            origin = Files.readString(identity, StandardCharsets.UTF_8).trim().replaceFirst("^origin=", "");
            if (!origin.startsWith(nodeId + "~")) {
                throw new IllegalStateException("data directory " + dataDir + " belongs to " + origin
                        + ", not to node " + nodeId);
            }
        }
        ReplicaSnapshot[] snapshot = new ReplicaSnapshot[1];
        Replica[] replica = new Replica[1];
        Checkpoint.Recovered loaded = Checkpoint.recover(log, snapshots,
                in -> snapshot[0] = readSnapshot(new DataInputStream(in)),
                (number, bytes) -> {
                    if (replica[0] == null) {
                        replica[0] = start(origin, snapshot[0]);
                    }
                    replica[0].receive(codec.decodeOperation(bytes), nowMillis);
                });
        if (replica[0] == null) {
            replica[0] = start(origin, snapshot[0]);
        }
        return new Recovered(replica[0], fresh, loaded.snapshotCovers(), loaded.replayedRecords());
    }

    private static Replica start(String origin, ReplicaSnapshot snapshot) {
        if (snapshot == null) {
            return new Replica(origin, new HybridClock(), Replica.DEFAULT_MAX_PENDING);
        }
        if (!snapshot.nodeId().equals(origin)) {
            throw new IllegalStateException("the snapshot belongs to " + snapshot.nodeId() + ", not to " + origin);
        }
        return Replica.restore(snapshot);
    }


    void start() {
        log.start();
    }

    /** Appends one operation; completes once it is durable (D1). */
    CompletableFuture<Long> append(Operation op) {
        CompletableFuture<Long> future = log.append(codec.encode(op));
        lastAppend = future;
        return future;
    }

    CompletableFuture<Long> appendAll(List<Operation> ops) {
        return appendAll(ops, List.of());
    }

    /**
     * Appends {@code ops}, taking the record of each that came in {@code received} (a peer's message) from
     * the bytes it came in rather than encoding it again.
     */
    CompletableFuture<Long> appendAll(List<Operation> ops, List<Operation> received) {
        ReceivedOps encoded = received instanceof ReceivedOps r ? r : null;
        List<byte[]> records = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            byte[] record = encoded != null ? encoded.recordOf(op) : null;
            records.add(record != null ? record : codec.encode(op));
        }
        CompletableFuture<Long> future = log.appendAll(records);
        lastAppend = future;
        return future;
    }

    /** Completes once everything appended so far is durable (the log forces in order). */
    CompletableFuture<Long> durableSoFar() {
        return lastAppend;
    }

    long lastDurableRecord() {
        return log.lastDurableRecord();
    }

    RecordLog log() {
        return log;
    }

    /**
     * Writes a snapshot covering the log up to {@code coversUpTo}, then drops the covered log segments.
     * Blocking disk I/O: call on a worker thread.
     */
    void saveSnapshot(ReplicaSnapshot snapshot, long coversUpTo) throws IOException {
        // Truncates only below the oldest retained snapshot, so a corrupt newest one still has its fallback.
        Checkpoint.take(log, snapshots, coversUpTo, out -> writeSnapshot(new DataOutputStream(out), snapshot));
    }

    private void writeSnapshot(DataOutputStream out, ReplicaSnapshot snapshot) throws IOException {
        out.writeInt(SNAPSHOT_FORMAT);
        out.writeUTF(snapshot.nodeId());
        out.writeLong(snapshot.ownSeq());
        out.writeLong(snapshot.clock().pack());
        out.writeLong(snapshot.collectedBelow().pack());
        Map<String, Long> vector = snapshot.vector().asMap();
        out.writeInt(vector.size());
        for (Map.Entry<String, Long> e : vector.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(snapshot.keys().size());
        for (KeyRecord record : snapshot.keys()) {
            byte[] bytes = codec.encode(record);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.flush();
    }

    private ReplicaSnapshot readSnapshot(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != SNAPSHOT_FORMAT) {
            throw new IOException("snapshot format " + format + " is not supported (expected " + SNAPSHOT_FORMAT + ")");
        }
        String nodeId = in.readUTF();
        long ownSeq = in.readLong();
        Hlc clock = Hlc.unpack(in.readLong());
        Hlc collectedBelow = Hlc.unpack(in.readLong());
        int origins = in.readInt();
        Map<String, Long> vector = new HashMap<>();
        for (int i = 0; i < origins; i++) {
            vector.put(in.readUTF(), in.readLong());
        }
        int count = in.readInt();
        List<KeyRecord> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            keys.add(codec.decodeKeyRecord(bytes));
        }
        return new ReplicaSnapshot(nodeId, VersionVector.of(vector), ownSeq, clock, keys, collectedBelow);
    }

    @Override
    public void close() {
        log.close();
    }
}
