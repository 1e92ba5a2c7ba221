package dev.registry.sim;

/**
 * Per-message behaviour of the simulated network. Delays are drawn uniformly from
 * [minDelayMillis, maxDelayMillis], so messages overtake each other (reordering).
 */
public record NetworkFaults(double dropRate, double duplicateRate, long minDelayMillis, long maxDelayMillis) {

    public NetworkFaults {
        if (dropRate < 0 || dropRate >= 1 || duplicateRate < 0 || duplicateRate >= 1) {
            throw new IllegalArgumentException("rates must be in [0, 1)");
        }
        if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
            throw new IllegalArgumentException("need 0 <= minDelayMillis <= maxDelayMillis");
        }
    }

    /** A healthy LAN: no loss, 1-5 ms. */
    public static NetworkFaults reliable() {
        return new NetworkFaults(0, 0, 1, 5);
    }

    /** A bad network: a fifth of messages lost, a tenth duplicated, delays up to 300 ms (heavy reordering). */
    public static NetworkFaults lossy() {
        return new NetworkFaults(0.2, 0.1, 1, 300);
    }
}
