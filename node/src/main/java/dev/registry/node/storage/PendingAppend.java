package dev.registry.node.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records waiting for the writer, completed together with the number of their last record.
 *
 * @param bytes encoded size on disk, overhead included
 */
record PendingAppend(List<byte[]> records, long bytes, CompletableFuture<Long> future) {

    static PendingAppend of(List<byte[]> records) {
        long bytes = 0;
        for (byte[] record : records) {
            bytes += RecordFormat.RECORD_OVERHEAD + record.length;
        }
        return new PendingAppend(records, bytes, new CompletableFuture<>());
    }
}
