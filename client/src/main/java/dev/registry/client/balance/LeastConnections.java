package dev.registry.client.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The endpoint with the fewest calls in flight from this client. The scan starts at a random
 * position so ties (common when the client is idle) spread evenly instead of all landing on the
 * first endpoint. A slow instance holds its calls longer and so receives fewer new ones.
 */
public final class LeastConnections implements LoadBalancer {

    private final RandomGenerator random;

    public LeastConnections(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> endpoints, long nowNanos) {
        int size = endpoints.size();
        if (size == 0) {
            return null;
        }
        int start = size == 1 ? 0 : random.nextInt(size);
        Endpoint best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Endpoint candidate = endpoints.get((start + i) % size);
            int load = candidate.stats().inFlight();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
