package dev.registry.client.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/** Each pick lands on an endpoint with probability weight / total weight. */
public final class WeightedRandom implements LoadBalancer {

    private final RandomGenerator random;
    private volatile WeightTable table;

    public WeightedRandom(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> endpoints, long nowNanos) {
        if (endpoints.isEmpty()) {
            return null;
        }
        WeightTable t = table;
        if (t == null || t.source != endpoints) {
            t = WeightTable.of(endpoints);
            table = t;
        }
        return endpoints.get(t.indexOf(random.nextLong(t.total)));
    }
}
