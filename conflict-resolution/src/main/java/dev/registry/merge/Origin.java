package dev.registry.merge;

/**
 * An interned node id (an operation's origin or an instance's owner) with its precomputed digest
 * hash. One instance per distinct id per state, so a million registers share a handful of these.
 */
final class Origin {
    final String name;
    final long hash;

    Origin(String name) {
        this.name = name;
        this.hash = Hash64.of(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
