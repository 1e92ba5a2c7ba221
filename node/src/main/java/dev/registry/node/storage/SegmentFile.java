package dev.registry.node.storage;

import java.nio.file.Path;

/** One segment of the log on disk: its file and the number of its first record. */
record SegmentFile(Path path, long firstRecordNumber) {
}
