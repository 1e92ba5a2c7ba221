package dev.registry.node.storage;

/**
 * Receives replayed records in ascending record-number order, on the replaying thread.
 * The array is a fresh copy owned by the visitor.
 */
@FunctionalInterface
public interface RecordVisitor {

    void accept(long recordNumber, byte[] record);
}
