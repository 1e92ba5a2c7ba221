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
 * Immutable per-service snapshots that any thread may read, published by the registry thread at the end
 * of each batch for the services the batch changed (layered over the last materialized list, see
 * {@link ServiceSnapshot}). Readers never lock and never see a half-applied
 * batch; a write is visible to readers before it is acknowledged (read-your-writes on the node that
 * took it).
 */
final class PublishedViews {

    /** Registry thread only: one service's current views, and what changed since its last materialized list. */
    private static final class Working {
        final TreeMap<String, InstanceView> all = new TreeMap<>();
        /** The list last materialized: the base of layered snapshots. */
        List<InstanceView> base = List.of();
        /** Changes since {@link #base}, by id; a null view means removed. */
        final TreeMap<String, InstanceView> changes = new TreeMap<>();
        int healthy;

        void put(String id, InstanceView view) {
            InstanceView old = view != null ? all.put(id, view) : all.remove(id);
            if (old != null && old.healthy()) {
                healthy--;
            }
            if (view != null && view.healthy()) {
                healthy++;
            }
            changes.put(id, view);
        }

        /**
         * Layering costs O(changes) per publish and merging O(instances) once per bound changes, so the
         * bound that keeps both small is about the square root of the size: amortized O(sqrt n) per change.
         */
        boolean layerTooDeep() {
            return changes.size() > Math.max(32, (int) Math.sqrt(2.0 * all.size()));
        }

        List<InstanceView> materialize() {
            base = java.util.Collections.unmodifiableList(new ArrayList<>(all.values()));
            changes.clear();
            return base;
        }
    }

    /** Registry thread only. */
    private final Map<String, Working> working = new HashMap<>();
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
        working.computeIfAbsent(service, s -> new Working())
                .put(result.key().id(), result.after() != null ? result.after().view() : null);
        dirty.add(service);
    }

    /** Registry thread: rebuilds every view from the state (after a snapshot install or recovery). */
    void rebuildAll(RegistryState state) {
        dirty.addAll(working.keySet());
        working.clear();
        for (String service : state.services()) {
            Working views = new Working();
            for (InstanceState instance : state.instances(service)) {
                views.put(instance.key().id(), instance.view());
            }
            views.materialize();
            working.put(service, views);
            dirty.add(service);
        }
    }

    /**
     * Registry thread, end of batch: publishes the changed services, each in O(its changes) amortized
     * (a layered snapshot, merged lazily by its first reader). Returns them.
     */
    Set<String> publish(RegistryState state) {
        index = state.index();
        if (dirty.isEmpty()) {
            return Set.of();
        }
        Set<String> changed = new HashSet<>(dirty);
        for (String service : dirty) {
            Working views = working.get(service);
            long serviceIndex = state.serviceIndex(service);
            if (views == null || views.all.isEmpty()) {
                working.remove(service);
                published.put(service, new ServiceSnapshot(service, serviceIndex, List.of()));
                summaries.remove(service);
                continue;
            }
            ServiceSnapshot snapshot;
            if (views.layerTooDeep()) {
                snapshot = ServiceSnapshot.layered(service, serviceIndex, views.materialize(), new String[0],
                        new InstanceView[0], views.all.size(), views.healthy);
            } else {
                String[] ids = views.changes.keySet().toArray(new String[0]);
                InstanceView[] changes = views.changes.values().toArray(new InstanceView[0]);
                snapshot = ServiceSnapshot.layered(service, serviceIndex, views.base, ids, changes, views.all.size(),
                        views.healthy);
            }
            published.put(service, snapshot);
            summaries.put(service, new ServiceSummary(service, views.all.size(), views.healthy, serviceIndex));
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
