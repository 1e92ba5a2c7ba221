package dev.registry.client.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each endpoint receives exactly its share of weight over a cycle, interleaved (smooth weighted
 * round robin). Lock-free: the schedule is built once per endpoint list and then only indexed.
 */
public final class WeightedRoundRobin implements LoadBalancer {

    private final AtomicLong position = new AtomicLong();
    private volatile WeightTable table;

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
        long step = position.getAndIncrement();
        if (t.schedule != null) {
            return endpoints.get(t.schedule[(int) Math.floorMod(step, (long) t.schedule.length)]);
        }
        return endpoints.get(t.indexOf(Math.floorMod(step, t.total)));
    }
}
