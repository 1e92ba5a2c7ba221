package dev.registry.client.cluster;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.Limits;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.WatchEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state every fake peer of one fake cluster shares: as if replication were instantaneous.
 * A single global index orders all changes; a service's index is the index of its last change.
 * Thread-safe (synchronized); watchers are told inside the lock so they see changes in index order.
 */
final class FakeRegistry {

    record Listing(List<InstanceView> instances, long index) {
    }

    record Watch(Set<String> services, Consumer<WatchEvent> sink) {
    }

    private final Map<String, Map<String, InstanceView>> services = new HashMap<>();
    private final Map<String, Long> serviceIndex = new HashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private long index;

    synchronized InstanceView register(String service, String id, RegistrationRequest r, String owner) {
        Map<String, InstanceView> instances = services.computeIfAbsent(service, s -> new TreeMap<>());
        InstanceView old = instances.get(id);
        long now = System.currentTimeMillis();
        InstanceStatus status = InstanceStatus.parse(r.status()).orElse(InstanceStatus.UP);
        InstanceView view = new InstanceView(service, id, r.host(), r.port(),
                r.weight() == null ? Limits.WEIGHT_DEFAULT : r.weight(), r.zone(),
                r.tags() == null ? List.of() : r.tags(), r.metadata() == null ? Map.of() : r.metadata(), status,
                Health.PASSING, r.ttlSeconds() == null ? Limits.TTL_DEFAULT_SECONDS : r.ttlSeconds(), owner,
                old == null ? now : old.registeredAt(), now);
        instances.put(id, view);
        publish(old == null ? WatchEvent.Type.REGISTERED : WatchEvent.Type.UPDATED, view);
        return view;
    }

    synchronized InstanceView get(String service, String id) {
        Map<String, InstanceView> instances = services.get(service);
        return instances == null ? null : instances.get(id);
    }

    synchronized InstanceView setStatus(String service, String id, InstanceStatus status) {
        InstanceView old = get(service, id);
        if (old == null) {
            return null;
        }
        InstanceView view = new InstanceView(service, id, old.host(), old.port(), old.weight(), old.zone(),
                old.tags(), old.metadata(), status, old.health(), old.ttlSeconds(), old.owner(), old.registeredAt(),
                System.currentTimeMillis());
        services.get(service).put(id, view);
        publish(WatchEvent.Type.UPDATED, view);
        return view;
    }

    synchronized InstanceView deregister(String service, String id) {
        Map<String, InstanceView> instances = services.get(service);
        InstanceView old = instances == null ? null : instances.remove(id);
        if (old != null) {
            publish(WatchEvent.Type.DEREGISTERED, old);
        }
        return old;
    }

    synchronized Listing list(String service) {
        Map<String, InstanceView> instances = services.getOrDefault(service, Map.of());
        return new Listing(new ArrayList<>(instances.values()), serviceIndex.getOrDefault(service, 0L));
    }

    void watch(Watch watch) {
        watches.add(watch);
    }

    void unwatch(Watch watch) {
        watches.remove(watch);
    }

    private void publish(WatchEvent.Type type, InstanceView view) {
        index++;
        serviceIndex.put(view.service(), index);
        WatchEvent event = new WatchEvent(type, view, index);
        for (Watch watch : watches) {
            if (watch.services().contains(view.service())) {
                watch.sink().accept(event);
            }
        }
    }
}
