package dev.registry.node.registry;

import dev.registry.api.InstanceView;
import java.util.List;

/** An immutable view of one service at one index; safe to share between threads and to cache by index. */
public record ServiceSnapshot(String service, long index, List<InstanceView> instances) {
    public ServiceSnapshot {
        instances = List.copyOf(instances);
    }
}
