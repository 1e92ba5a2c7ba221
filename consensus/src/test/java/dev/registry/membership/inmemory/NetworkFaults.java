package dev.registry.membership.inmemory;

import java.time.Duration;

/**
 * What the in-memory network does to each message, drawn from its seeded random.
 *
 * @param dropRate      probability in [0, 1] that a message (or reply) is lost
 * @param duplicateRate probability in [0, 1] that a delivered message arrives twice
 * @param minDelay      smallest delivery delay (virtual time)
 * @param maxDelay      largest delivery delay; zero = deliver at once without advancing time.
 *                      Random delays in [min, max] reorder messages.
 */
public record NetworkFaults(double dropRate, double duplicateRate, Duration minDelay, Duration maxDelay) {

    public NetworkFaults {
        if (dropRate < 0 || dropRate > 1 || duplicateRate < 0 || duplicateRate > 1) {
            throw new IllegalArgumentException("rates must be in [0, 1]: drop " + dropRate + ", dup " + duplicateRate);
        }
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= minDelay <= maxDelay: " + minDelay + ", " + maxDelay);
        }
    }

    /** A perfect network: every message delivered once, at once. */
    public static NetworkFaults none() {
        return new NetworkFaults(0, 0, Duration.ZERO, Duration.ZERO);
    }

    /** Loss, duplication and reordering together, the way a bad LAN misbehaves. */
    public static NetworkFaults lossy(double dropRate, double duplicateRate, Duration maxDelay) {
        return new NetworkFaults(dropRate, duplicateRate, Duration.ZERO, maxDelay);
    }

    boolean immediate() {
        return maxDelay.isZero();
    }
}
