package dev.registry.client.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Each endpoint in turn. Lock-free; concurrent picks each get a distinct position. */
public final class RoundRobin implements LoadBalancer {

    private final AtomicLong position = new AtomicLong();

    @Override
    public Endpoint pick(List<Endpoint> endpoints, long nowNanos) {
        int size = endpoints.size();
        if (size == 0) {
            return null;
        }
        return endpoints.get((int) Math.floorMod(position.getAndIncrement(), (long) size));
    }
}
