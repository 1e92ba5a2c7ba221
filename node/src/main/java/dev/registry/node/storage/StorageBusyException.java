package dev.registry.node.storage;

/** The append queue is full: the disk is behind. Retryable; the HTTP layer maps it to 503 + Retry-After. */
public final class StorageBusyException extends StorageException {

    private final int queuedRecords;

    public StorageBusyException(int queuedRecords, int capacity) {
        super("storage busy: " + queuedRecords + " records queued for fsync (capacity " + capacity + ")", null);
        this.queuedRecords = queuedRecords;
    }

    public int queuedRecords() {
        return queuedRecords;
    }
}
