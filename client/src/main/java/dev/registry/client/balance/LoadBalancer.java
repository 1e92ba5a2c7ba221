package dev.registry.client.balance;

import java.util.List;

/**
 * Chooses one endpoint of a service for the next call. One instance serves one service (so it can
 * keep per-service state such as a round-robin position) and is called from many threads at once.
 *
 * Implementations must not block and should not allocate per pick: the endpoint list of a service
 * is replaced as a whole when the service changes, so anything derived from it can be cached
 * against its identity.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * @param endpoints the candidates: healthy instances of the service, in a stable order; never
     *                  modified by the caller
     * @param nowNanos  monotonic time, for strategies that weigh recent measurements
     * @return one of {@code endpoints}, or null only when the list is empty
     */
    Endpoint pick(List<Endpoint> endpoints, long nowNanos);
}
