package dev.registry.clock;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds since the epoch plus a logical counter
 * that orders events within one millisecond (and absorbs clocks that stand still or run backwards).
 *
 * <p>Invariant: {@code 0 <= wallMillis < 2^47} (good until the year 6429) and
 * {@code 0 <= logical <= 65535}. The packed form has 48 bits of millis and 16 of logical; keeping
 * the top bit 0 makes the packed long non-negative, so signed comparison of packed longs is the
 * timestamp order. The state stores packed longs; this record is the API value.
 */
public record Hlc(long wallMillis, int logical) implements Comparable<Hlc> {

    public static final Hlc ZERO = new Hlc(0, 0);
    public static final long MAX_WALL_MILLIS = (1L << 47) - 1;
    public static final int MAX_LOGICAL = 0xFFFF;

    public Hlc {
        if (wallMillis < 0 || wallMillis > MAX_WALL_MILLIS) {
            throw new IllegalArgumentException("wallMillis out of range [0, 2^47): " + wallMillis);
        }
        if (logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("logical out of range [0, 65535]: " + logical);
        }
    }

    /** 48 bits of millis, then 16 bits of logical counter; never negative, ordered like the Hlc. */
    public long pack() {
        return (wallMillis << 16) | logical;
    }

    public static Hlc unpack(long packed) {
        if (packed < 0) {
            throw new IllegalArgumentException("packed HLC must not be negative: " + packed);
        }
        return new Hlc(packed >>> 16, (int) (packed & MAX_LOGICAL));
    }

    public boolean isAfter(Hlc other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(Hlc other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Hlc other) {
        int byWall = Long.compare(wallMillis, other.wallMillis);
        return byWall != 0 ? byWall : Integer.compare(logical, other.logical);
    }

    @Override
    public String toString() {
        return wallMillis + "." + logical;
    }
}
