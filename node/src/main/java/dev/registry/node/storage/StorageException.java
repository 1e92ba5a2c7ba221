package dev.registry.node.storage;

/**
 * Why an append was not made durable. Appends complete exceptionally with one of these (never block
 * the caller), so event-loop code can map them to a response: busy is retryable, closed and failed are not.
 */
public abstract sealed class StorageException extends RuntimeException
        permits StorageBusyException, StorageClosedException, StorageFailedException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
