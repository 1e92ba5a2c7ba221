package dev.registry.node.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot-then-truncate and recover-from-both, in the one order that is safe. Works on the ports, so the
 * node and its simulations share it.
 *
 * <p>Rules: (K1) after saving a snapshot the log is truncated only below the OLDEST retained snapshot, so
 * when the newest turns out corrupt the fallback still finds every record after it in the log.
 * (K2) recovery restores the newest valid snapshot, then replays the log from the record after it; a log
 * that starts later than that, or ends before it, does not belong with this snapshot and is refused
 * rather than silently skipping or renumbering records.
 */
public final class Checkpoint {

    /** What recovery restored: the snapshot's coverage (0 if none) and the records replayed on top. */
    public record Recovered(long snapshotCovers, long replayedRecords, long lastRecord) {
    }

    private Checkpoint() {
    }

    /**
     * K1. Saves a snapshot covering records up to {@code coversUpTo} (which must be durable in the log),
     * then frees log segments every retained snapshot covers. Blocks on disk I/O: not on an event loop.
     */
    public static void take(RecordLog log, Snapshots snapshots, long coversUpTo, IOConsumer<OutputStream> writer)
            throws IOException {
        if (coversUpTo > log.lastDurableRecord()) {
            throw new IllegalArgumentException("snapshot would cover " + coversUpTo + " but only records up to "
                    + log.lastDurableRecord() + " are durable");
        }
        snapshots.save(coversUpTo, writer);
        List<Long> retained = snapshots.retainedCovers();
        log.truncateBefore(retained.get(retained.size() - 1) + 1);
    }

    /**
     * K2. Call after opening the log and before starting it: {@code restore} reads the snapshot body (not
     * called when there is none), then {@code apply} receives every later record in order.
     */
    public static Recovered recover(RecordLog log, Snapshots snapshots, IOConsumer<InputStream> restore,
                                    RecordVisitor apply) throws IOException {
        Optional<Snapshot> snapshot = snapshots.latest();
        long covers = snapshot.map(Snapshot::coversUpTo).orElse(0L);
        if (log.firstRecordNumber() > covers + 1) {
            throw new StorageCorruptionException("the log starts at record " + log.firstRecordNumber()
                    + " but the newest valid snapshot covers only up to " + covers + ": records in between are lost");
        }
        if (log.lastDurableRecord() < covers) {
            throw new StorageCorruptionException("the snapshot covers up to record " + covers
                    + " but the log ends at " + log.lastDurableRecord()
                    + ": the log does not belong with this snapshot (was the log directory replaced?)");
        }
        if (snapshot.isPresent()) {
            snapshot.get().read(restore);
        }
        long[] replayed = {0};
        log.replay(covers + 1, (number, record) -> {
            apply.accept(number, record);
            replayed[0]++;
        });
        return new Recovered(covers, replayed[0], covers + replayed[0]);
    }
}
