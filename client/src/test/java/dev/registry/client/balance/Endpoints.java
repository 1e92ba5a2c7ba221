package dev.registry.client.balance;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.client.breaker.BreakerConfig;
import dev.registry.client.breaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test endpoints with given weights and zones; stats decay over 10 s of (virtual) time. */
final class Endpoints {

    private Endpoints() {
    }

    static Endpoint endpoint(String id, int weight, String zone) {
        return endpoint(id, weight, zone, Health.PASSING);
    }

    static Endpoint endpoint(String id, int weight, String zone, Health health) {
        InstanceView view = new InstanceView("svc", id, "127.0.0.1", 8000 + id.hashCode() % 1000, weight, zone,
                List.of(), Map.of(), InstanceStatus.UP, health, 30, "n1", 0, 0);
        return new Endpoint(view, new EndpointStats(new CircuitBreaker(BreakerConfig.defaults()),
                Duration.ofSeconds(10).toNanos()));
    }

    static List<Endpoint> weighted(int... weights) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(endpoint("e" + i, weights[i], "z" + (i % 2)));
        }
        return List.copyOf(list);
    }

    /** Counts picks per endpoint index over {@code picks} picks at time 0. */
    static int[] count(LoadBalancer balancer, List<Endpoint> endpoints, int picks) {
        int[] counts = new int[endpoints.size()];
        for (int i = 0; i < picks; i++) {
            counts[endpoints.indexOf(balancer.pick(endpoints, 0))]++;
        }
        return counts;
    }
}
