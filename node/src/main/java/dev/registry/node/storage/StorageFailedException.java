package dev.registry.node.storage;

/**
 * A write or fsync failed. The log stops accepting appends for good: after a failed fsync the kernel
 * may have dropped the dirty pages, so retrying could acknowledge data that is not on disk.
 * The node must restart and recover from disk.
 */
public final class StorageFailedException extends StorageException {

    public StorageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
