package dev.registry.client.metrics;

/**
 * The client's counters at one moment (totals since start).
 *
 * @param lookups         service lookups
 * @param cacheHits       lookups answered from the local cache without a network call
 * @param staleLookups    lookups answered from a cache no peer could refresh
 * @param calls           {@code call} invocations; {@code callFailures} of them failed in the end
 * @param attempts        requests sent to instances, retries included; {@code attemptFailures} failed
 * @param retries         retries made; {@code retriesDenied} not made because the budget was spent
 * @param peerRequests    requests to registry peers; {@code peerFailures} of them failed
 * @param failovers       times the client moved to another peer
 * @param stale           whether the cache is being served stale right now
 */
public record MetricsSnapshot(
        long lookups,
        long cacheHits,
        long staleLookups,
        long calls,
        long callFailures,
        long attempts,
        long attemptFailures,
        long retries,
        long retriesDenied,
        long breakerOpened,
        long peerRequests,
        long peerFailures,
        long failovers,
        long watchConnects,
        long watchEvents,
        long heartbeats,
        long reRegistrations,
        boolean stale) {

    /** Share of lookups served from the cache, in [0, 1]; 1 when there were none. */
    public double cacheHitRate() {
        return lookups == 0 ? 1.0 : (double) cacheHits / lookups;
    }

    /** Share of calls that failed after retries, in [0, 1]. */
    public double failureRate() {
        return calls == 0 ? 0.0 : (double) callFailures / calls;
    }
}
