package dev.registry.node.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The in-memory twin of {@link SnapshotStore} for simulations. A save is atomic (a writer that throws
 * leaves nothing behind) and survives a simulated crash: hand the same instance to the restarted node.
 * Thread-safe.
 */
public final class InMemorySnapshots implements Snapshots {

    /** A snapshot held in memory. */
    public record MemorySnapshot(long coversUpTo, byte[] body) implements Snapshot {

        @Override
        public long sizeBytes() {
            return body.length;
        }

        @Override
        public void read(IOConsumer<InputStream> reader) throws IOException {
            reader.accept(new ByteArrayInputStream(body));
        }
    }

    private final int retained;
    private final Deque<MemorySnapshot> newestFirst = new ArrayDeque<>();

    public InMemorySnapshots(int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("retained must be positive: " + retained);
        }
        this.retained = retained;
    }

    @Override
    public void save(long coversUpTo, IOConsumer<OutputStream> writer) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.accept(body);
        synchronized (this) {
            MemorySnapshot newest = newestFirst.peekFirst();
            if (newest != null && coversUpTo < newest.coversUpTo()) {
                throw new IllegalArgumentException("snapshot covering " + coversUpTo + " is older than the newest, "
                        + newest.coversUpTo());
            }
            if (newest != null && newest.coversUpTo() == coversUpTo) {
                newestFirst.removeFirst();
            }
            newestFirst.addFirst(new MemorySnapshot(coversUpTo, body.toByteArray()));
            while (newestFirst.size() > retained) {
                newestFirst.removeLast();
            }
        }
    }

    @Override
    public synchronized List<Long> retainedCovers() {
        return newestFirst.stream().map(MemorySnapshot::coversUpTo).toList();
    }

    @Override
    public synchronized Optional<Snapshot> latest() {
        return Optional.ofNullable(newestFirst.peekFirst());
    }
}
