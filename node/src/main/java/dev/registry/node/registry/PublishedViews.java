package dev.registry.node.registry;

import dev.registry.api.InstanceView;
import dev.registry.api.ServiceSummary;
import dev.registry.merge.ApplyResult;
import dev.registry.merge.RegistryState;
import dev.registry.model.InstanceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Immutable per-service snapshots that any thread may read, rebuilt by the registry thread at the end
 * of each batch for the services the batch changed. Readers never lock and never see a half-applied
 * batch; a write is visible to readers before it is acknowledged (read-your-writes on the node that
 * took it).
 */
final class PublishedViews {

    /** Registry thread only: the current views of each service, kept sorted by id. */
    private final Map<String, TreeMap<String, InstanceView>> working = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    /** Any thread. */
    private final ConcurrentHashMap<String, ServiceSnapshot> published = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, ServiceSummary> summaries = new ConcurrentSkipListMap<>();
    private volatile long index;

    /** Registry thread: records what an applied operation changed. */
    void applied(ApplyResult result) {
        if (result.after() == null && result.before() == null) {
            return;
        }
        String service = result.key().service();
        TreeMap<String, InstanceView> views = working.computeIfAbsent(service, s -> new TreeMap<>());
        if (result.after() != null) {
            views.put(result.key().id(), result.after().view());
        } else {
            views.remove(result.key().id());
        }
        dirty.add(service);
    }

    /** Registry thread: rebuilds every view from the state (after a snapshot install or recovery). */
    void rebuildAll(RegistryState state) {
        dirty.addAll(working.keySet());
        working.clear();
        for (String service : state.services()) {
            TreeMap<String, InstanceView> views = new TreeMap<>();
            for (InstanceState instance : state.instances(service)) {
                views.put(instance.key().id(), instance.view());
            }
            working.put(service, views);
            dirty.add(service);
        }
    }

    /** Registry thread, end of batch: publishes the changed services. Returns them. */
    Set<String> publish(RegistryState state) {
        index = state.index();
        if (dirty.isEmpty()) {
            return Set.of();
        }
        Set<String> changed = new HashSet<>(dirty);
        for (String service : dirty) {
            TreeMap<String, InstanceView> views = working.get(service);
            long serviceIndex = state.serviceIndex(service);
            if (views == null || views.isEmpty()) {
                working.remove(service);
                published.put(service, new ServiceSnapshot(service, serviceIndex, List.of()));
                summaries.remove(service);
                continue;
            }
            // One immutable copy: ServiceSnapshot's own List.copyOf then keeps it as it is.
            List<InstanceView> list = List.copyOf(views.values());
            int healthy = 0;
            for (InstanceView v : list) {
                if (v.healthy()) {
                    healthy++;
                }
            }
            published.put(service, new ServiceSnapshot(service, serviceIndex, list));
            summaries.put(service, new ServiceSummary(service, list.size(), healthy, serviceIndex));
        }
        dirty.clear();
        return changed;
    }

    ServiceSnapshot service(String service) {
        ServiceSnapshot snapshot = published.get(service);
        return snapshot != null ? snapshot : new ServiceSnapshot(service, 0, List.of());
    }

    long serviceIndex(String service) {
        ServiceSnapshot snapshot = published.get(service);
        return snapshot == null ? 0 : snapshot.index();
    }

    List<ServiceSummary> summaries() {
        return List.copyOf(summaries.values());
    }

    long index() {
        return index;
    }
}
