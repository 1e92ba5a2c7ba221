package dev.registry.node.storage;

import java.io.IOException;

/**
 * Data on disk is damaged in a way a crash cannot explain (a bad record inside a sealed segment,
 * a missing segment, an unknown format version). Recovery refuses to guess: the operator restores the
 * data directory or wipes it and lets the node catch up from its peers.
 */
public final class StorageCorruptionException extends IOException {

    public StorageCorruptionException(String message) {
        super(message);
    }
}
