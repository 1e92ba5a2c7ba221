package dev.registry.node.storage;

import java.io.IOException;

/** A consumer that may fail with an I/O error; used to stream snapshot bodies in and out. */
@FunctionalInterface
public interface IOConsumer<T> {

    void accept(T value) throws IOException;
}
