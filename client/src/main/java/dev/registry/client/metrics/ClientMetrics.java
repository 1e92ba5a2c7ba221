package dev.registry.client.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The client's counters. LongAdder because lookups on many threads increment them at once and
 * must not contend; read them through {@link #snapshot()}.
 */
public final class ClientMetrics {

    public final LongAdder lookups = new LongAdder();
    public final LongAdder cacheHits = new LongAdder();
    public final LongAdder staleLookups = new LongAdder();
    public final LongAdder calls = new LongAdder();
    public final LongAdder callFailures = new LongAdder();
    public final LongAdder attempts = new LongAdder();
    public final LongAdder attemptFailures = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder retriesDenied = new LongAdder();
    public final LongAdder breakerOpened = new LongAdder();
    public final LongAdder peerRequests = new LongAdder();
    public final LongAdder peerFailures = new LongAdder();
    public final LongAdder failovers = new LongAdder();
    public final LongAdder watchConnects = new LongAdder();
    public final LongAdder watchEvents = new LongAdder();
    public final LongAdder heartbeats = new LongAdder();
    public final LongAdder reRegistrations = new LongAdder();
    private volatile boolean stale;

    public void stale(boolean value) {
        stale = value;
    }

    public MetricsSnapshot snapshot() {
        return new MetricsSnapshot(lookups.sum(), cacheHits.sum(), staleLookups.sum(), calls.sum(),
                callFailures.sum(), attempts.sum(), attemptFailures.sum(), retries.sum(), retriesDenied.sum(),
                breakerOpened.sum(), peerRequests.sum(), peerFailures.sum(), failovers.sum(),
                watchConnects.sum(), watchEvents.sum(), heartbeats.sum(), reRegistrations.sum(), stale);
    }
}
