package dev.registry.node.storage;

/** The log was closed (or its process crashed, in the in-memory twin) before the append was made durable. */
public final class StorageClosedException extends StorageException {

    public StorageClosedException(String message) {
        super(message, null);
    }
}
