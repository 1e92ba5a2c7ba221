package dev.registry.client.cache;

import dev.registry.api.InstanceView;
import dev.registry.client.balance.Endpoint;
import java.util.List;

/**
 * The cached state of one service, immutable: all instances (sorted by id), the healthy ones as
 * balancer endpoints, the index of the peer that answered, and whether the client currently
 * cannot reach any peer ({@code stale}: served from memory, possibly out of date).
 */
public record ServiceSnapshot(String service, List<InstanceView> instances, List<Endpoint> healthy, long index,
                              boolean stale) {

    public ServiceSnapshot asStale(boolean value) {
        return value == stale ? this : new ServiceSnapshot(service, instances, healthy, index, value);
    }

    public List<InstanceView> healthyInstances() {
        return healthy.stream().map(Endpoint::instance).toList();
    }
}
