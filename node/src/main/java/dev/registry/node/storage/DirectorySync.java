package dev.registry.node.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces a directory's entries (file creations, renames, deletions) to disk. On Linux a new file's data
 * can be durable while its name is not; without this a crash could lose a freshly rolled segment or a
 * renamed snapshot. Filesystems that refuse to open a directory (Windows) are skipped.
 */
final class DirectorySync {

    private DirectorySync() {
    }

    /** Creates {@code directory} (and parents) if missing, making its own name durable in its parent. */
    static void create(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            force(parent);
        }
    }

    static void force(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
