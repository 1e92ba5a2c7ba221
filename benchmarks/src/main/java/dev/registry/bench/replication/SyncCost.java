package dev.registry.bench.replication;

/**
 * Anti-entropy cost over an in-sync window.
 *
 * @param windowMillis  length of the window
 * @param rounds        anti-entropy rounds in it (counted, or derived from the interval where noted)
 * @param countedBytes  bytes the protocol itself counted (-1 when it counts none)
 * @param wireBytes     bytes transmitted on {@code lo} in the window (-1 outside a private namespace)
 */
record SyncCost(long windowMillis, long rounds, long countedBytes, long wireBytes) {

    double countedPerRound() {
        return countedBytes < 0 || rounds == 0 ? Double.NaN : (double) countedBytes / rounds;
    }

    double wirePerRound() {
        return wireBytes < 0 || rounds == 0 ? Double.NaN : (double) wireBytes / rounds;
    }

    @Override
    public String toString() {
        return String.format("window %d ms, %d rounds, counted %.0f B/round, wire %.0f B/round", windowMillis,
                rounds, countedPerRound(), wirePerRound());
    }
}
