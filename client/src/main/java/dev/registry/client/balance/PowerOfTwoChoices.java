package dev.registry.client.balance;

import dev.registry.api.Health;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Health-aware power of two choices: draw two distinct endpoints at random and take the one with
 * the lower {@link EndpointStats#cost}, which combines measured latency, calls in flight and the
 * recent failure rate; an instance whose registry health checks report WARNING counts double, so it
 * gets traffic only when the others are busier. Two random choices avoid the herd behaviour of
 * always taking the global best, and cost O(1) per pick.
 */
public final class PowerOfTwoChoices implements LoadBalancer {

    private final RandomGenerator random;

    public PowerOfTwoChoices(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> endpoints, long nowNanos) {
        int size = endpoints.size();
        if (size == 0) {
            return null;
        }
        if (size == 1) {
            return endpoints.get(0);
        }
        int a = random.nextInt(size);
        int b = random.nextInt(size - 1);
        if (b >= a) {
            b++;
        }
        Endpoint first = endpoints.get(a);
        Endpoint second = endpoints.get(b);
        return cost(first, nowNanos) <= cost(second, nowNanos) ? first : second;
    }

    private static double cost(Endpoint endpoint, long nowNanos) {
        double cost = endpoint.stats().cost(nowNanos);
        return endpoint.instance().health() == Health.WARNING ? 2 * cost : cost;
    }
}
