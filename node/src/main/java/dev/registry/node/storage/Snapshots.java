package dev.registry.node.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The snapshot port: {@link SnapshotStore} on disk, {@link InMemorySnapshots} in simulations.
 * A save is atomic: after a crash either the new snapshot is complete and valid or the previous one is
 * what {@link #latest()} returns.
 */
public interface Snapshots {

    /**
     * Writes a snapshot covering records up to {@code coversUpTo} by calling {@code writer} with a stream
     * (do not close it; it is buffered, so large states need not fit in memory). Blocks on disk I/O; call
     * from a worker thread, never an event loop.
     *
     * @throws IllegalArgumentException if {@code coversUpTo} is below the newest snapshot's
     */
    void save(long coversUpTo, IOConsumer<OutputStream> writer) throws IOException;

    /**
     * The newest snapshot that passes its checks; corrupt newer ones are skipped (and logged). Reads every
     * byte of the candidate to check its CRC: call at recovery, not per request.
     */
    Optional<Snapshot> latest() throws IOException;

    /**
     * What the retained snapshots cover, newest first, without checking them. The log may only be truncated
     * below the OLDEST of these (see {@link Checkpoint}), so a corrupt newest snapshot can fall back.
     */
    List<Long> retainedCovers() throws IOException;
}
