package dev.registry.node.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as files {@code snapshot-<coversUpTo, 20 digits>.snap} in a directory (see {@link SnapshotFormat}).
 * A save writes a {@code .tmp} file, forces it, renames it into place atomically and forces the directory,
 * so a crash leaves either the complete new file or none; leftover temp files are ignored and deleted at
 * open. The newest {@code snapshotsRetained} files are kept so a corrupt newest one falls back to the one
 * before. Saves are serialized; {@code latest()} may run concurrently with a save.
 */
public final class SnapshotStore implements Snapshots {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int BUFFER_BYTES = 256 * 1024;

    /** A snapshot file whose header, footer and body CRC were checked when it was listed. */
    public record FileSnapshot(long coversUpTo, long sizeBytes, Path path, int bodyCrc) implements Snapshot {

        @Override
        public void read(IOConsumer<InputStream> reader) throws IOException {
            try (InputStream file = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES)) {
                file.skipNBytes(SnapshotFormat.HEADER_BYTES);
                reader.accept(new SnapshotFormat.CheckedIn(file, sizeBytes, bodyCrc, path.toString()));
            }
        }
    }

    private final Path dir;
    private final int retained;

    private SnapshotStore(Path dir, int retained) {
        this.dir = dir;
        this.retained = retained;
    }

    /** Creates {@code dir} if needed and deletes temp files a crash left behind. */
    public static SnapshotStore open(Path dir, StorageConfig config) throws IOException {
        DirectorySync.create(dir);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                LOG.info("Deleting unfinished snapshot {}", temp);
                Files.deleteIfExists(temp);
            }
        }
        return new SnapshotStore(dir, config.snapshotsRetained());
    }

    @Override
    public synchronized void save(long coversUpTo, IOConsumer<OutputStream> writer) throws IOException {
        if (coversUpTo < 0) {
            throw new IllegalArgumentException("coversUpTo must be >= 0: " + coversUpTo);
        }
        List<Long> existing = listCovers();
        if (!existing.isEmpty() && coversUpTo < existing.get(0)) {
            throw new IllegalArgumentException("snapshot covering " + coversUpTo + " is older than the newest, "
                    + existing.get(0));
        }
        Path target = dir.resolve(name(coversUpTo));
        Path temp = dir.resolve(name(coversUpTo) + TEMP_SUFFIX);
        Files.deleteIfExists(temp);
        try {
            writeTemp(temp, coversUpTo, writer);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        DirectorySync.force(dir);
        prune();
    }

    private static void writeTemp(Path temp, long coversUpTo, IOConsumer<OutputStream> writer) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
            file.write(SnapshotFormat.header(coversUpTo));
            SnapshotFormat.CheckedOut body = new SnapshotFormat.CheckedOut(file);
            writer.accept(body);
            body.flush();
            file.write(SnapshotFormat.footer(body.count(), body.crc()));
            file.flush();
            channel.force(true);
        }
    }

    /** Keeps the newest {@code retained} snapshots, valid or not (validity is checked at read time). */
    private void prune() throws IOException {
        List<Long> covers = listCovers();
        boolean deleted = false;
        for (int i = retained; i < covers.size(); i++) {
            deleted |= Files.deleteIfExists(dir.resolve(name(covers.get(i))));
        }
        if (deleted) {
            DirectorySync.force(dir);
        }
    }

    @Override
    public Optional<Snapshot> latest() throws IOException {
        for (long covers : listCovers()) {
            Path path = dir.resolve(name(covers));
            Optional<Snapshot> verified = verify(path, covers);
            if (verified.isPresent()) {
                return verified;
            }
        }
        return Optional.empty();
    }

    /** Reads the whole file once: header, footer, then the body against the footer's CRC. */
    private static Optional<Snapshot> verify(Path path, long covers) throws IOException {
        long size;
        ByteBuffer footer = ByteBuffer.allocate(SnapshotFormat.FOOTER_BYTES);
        byte[] header;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            size = channel.size();
            if (size < SnapshotFormat.HEADER_BYTES + SnapshotFormat.FOOTER_BYTES) {
                return rejected(path, "shorter than header and footer");
            }
            header = new byte[SnapshotFormat.HEADER_BYTES];
            channel.read(ByteBuffer.wrap(header), 0);
            channel.read(footer, size - SnapshotFormat.FOOTER_BYTES);
        }
        long bodyLength = footer.getLong(0);
        int bodyCrc = footer.getInt(8);
        if (!SnapshotFormat.headerValid(header, covers) || footer.getInt(12) != SnapshotFormat.END_MAGIC
                || bodyLength != size - SnapshotFormat.HEADER_BYTES - SnapshotFormat.FOOTER_BYTES) {
            return rejected(path, "bad header or footer");
        }
        FileSnapshot snapshot = new FileSnapshot(covers, bodyLength, path, bodyCrc);
        try {
            snapshot.read(in -> in.transferTo(OutputStream.nullOutputStream()));
        } catch (StorageCorruptionException e) {
            return rejected(path, e.getMessage());
        }
        return Optional.of(snapshot);
    }

    private static Optional<Snapshot> rejected(Path path, String why) {
        LOG.warn("Skipping corrupt snapshot {}: {}; falling back to an older one", path, why);
        return Optional.empty();
    }

    @Override
    public List<Long> retainedCovers() throws IOException {
        return List.copyOf(listCovers());
    }

    /** Covered record numbers of the snapshot files present, newest first. */
    private List<Long> listCovers() throws IOException {
        List<Long> covers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    covers.add(Long.parseLong(digits));
                }
            }
        }
        covers.sort(Comparator.reverseOrder());
        return covers;
    }

    private static String name(long coversUpTo) {
        return String.format("%s%020d%s", PREFIX, coversUpTo, SUFFIX);
    }
}
