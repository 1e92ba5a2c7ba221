package dev.registry.node.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** A verified snapshot: the state of the node after applying every record up to {@link #coversUpTo()}. */
public sealed interface Snapshot permits SnapshotStore.FileSnapshot, InMemorySnapshots.MemorySnapshot {

    /** The last log record the snapshot includes; replay the log from {@code coversUpTo() + 1}. */
    long coversUpTo();

    /** Size of the body the writer produced, in bytes. */
    long sizeBytes();

    /**
     * Streams the body to {@code reader} on the calling thread. The stream ends at the end of the body;
     * for a file snapshot, reading to the end re-checks the CRC and throws {@link StorageCorruptionException}
     * if the file changed since it was verified.
     */
    void read(IOConsumer<InputStream> reader) throws IOException;

    /** The whole body in memory: for small snapshots and tests; large states should stream with read. */
    default byte[] readAllBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        read(in -> in.transferTo(out));
        return out.toByteArray();
    }
}
