package dev.registry.node.storage;

/**
 * Test seam around every force of the log writer, called on the writer thread. {@code upTo} is the highest
 * record number the force makes durable. A hook may block to hold a commit open.
 */
interface ForceHook {

    ForceHook NONE = new ForceHook() {
    };

    default void beforeForce(long upTo) {
    }

    default void afterForce(long upTo) {
    }
}
