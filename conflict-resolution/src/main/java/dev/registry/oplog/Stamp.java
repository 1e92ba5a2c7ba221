package dev.registry.oplog;

import dev.registry.clock.Hlc;

/**
 * The resolver's order: an operation's HLC, ties broken by its origin node id. Every origin's HLC
 * is strictly monotonic, so a stamp identifies exactly one operation.
 */
public record Stamp(Hlc hlc, String origin) implements Comparable<Stamp> {

    public Stamp {
        if (hlc == null || origin == null) {
            throw new IllegalArgumentException("stamp needs an hlc and an origin");
        }
    }

    public static Stamp of(long packedHlc, String origin) {
        return new Stamp(Hlc.unpack(packedHlc), origin);
    }

    @Override
    public int compareTo(Stamp other) {
        int byHlc = hlc.compareTo(other.hlc);
        return byHlc != 0 ? byHlc : origin.compareTo(other.origin);
    }

    public boolean isAfter(Stamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return hlc + "@" + origin;
    }
}
