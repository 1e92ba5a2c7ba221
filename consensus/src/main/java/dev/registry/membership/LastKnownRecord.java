package dev.registry.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last agreed record this node saw, kept in its data directory so that a restarted node serves its
 * data path with the real member list at once, before Raft has answered. Written atomically (temp file
 * + rename); a missing or unreadable file means "none". Blocking file I/O: call from the owner's thread.
 */
public final class LastKnownRecord {
    private static final String FILE = "membership-record.bin";
    private final Path file;

    public LastKnownRecord(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    public Optional<MembershipRecord> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordCodec.decodeRecord(Files.readAllBytes(file)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void save(MembershipRecord record) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, RecordCodec.encode(record));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save membership record to " + file, e);
        }
    }
}
