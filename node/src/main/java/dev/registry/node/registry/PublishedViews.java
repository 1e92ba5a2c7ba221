package dev.registry.node.registry;

import dev.registry.api.InstanceView;
import dev.registry.api.ServiceSummary;
import dev.registry.merge.ApplyResult;
import dev.registry.merge.RegistryState;
import dev.registry.model.InstanceState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Registry thread only: one service's current views as a sorted base list plus an append-only log of
     * the changes since (shared by the snapshots published meanwhile, which each see a prefix of it).
     */
    private static final class Working {
        List<InstanceView> base = List.of();
        String[] logIds = new String[MIN_LOG];
        InstanceView[] logViews = new InstanceView[MIN_LOG];
        int logSize;
        /** Visible instances and the healthy ones among them, kept by each change's before and after. */
        int size;
        int healthy;

        /** {@code before} and {@code after}: the instance as visible before and after the change, or null. */
        void put(String id, InstanceState before, InstanceState after) {
            if (before != null) {
                size--;
                healthy -= before.healthy() ? 1 : 0;
            }
            InstanceView view = null;
            if (after != null) {
                size++;
                healthy += after.healthy() ? 1 : 0;
                view = after.view();
            }
            if (logSize == logIds.length) {
                materialize();
            }
            logIds[logSize] = id;
            logViews[logSize] = view;
            logSize++;
        }

        /**
         * Folds the log into a new base (the merge a reader of a layered snapshot does, O(n + log)) and starts
         * a fresh log (the old arrays stay with the snapshots that share them). The log grows to the size of
         * the service, so this costs about two element copies per change (a reader's merge stays
         * O(n log n) at worst), and publishing costs O(1).
         */
        List<InstanceView> materialize() {
            if (logSize > 0) {
                base = ServiceSnapshot.merge(base, logIds, logViews, logSize, size);
            }
            int capacity = Math.max(MIN_LOG, size);
            logIds = new String[capacity];
            logViews = new InstanceView[capacity];
            logSize = 0;
            return base;
        }
    }

    private static final int MIN_LOG = 64;

    /** Registry thread only. */
    private final Map<String, Working> working = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    /** Any thread. */
    private final ConcurrentHashMap<String, ServiceSnapshot> published = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, ServiceSummary> summaries = new ConcurrentSkipListMap<>();
    private volatile long index;

    /** Registry thread: records what an applied operation changed. */
    void applied(ApplyResult result) {
        if (!result.changed()) {
            return;
        }
        String service = result.key().service();
        working.computeIfAbsent(service, s -> new Working()).put(result.key().id(), result.before(), result.after());
        dirty.add(service);
    }

    /** Registry thread: rebuilds every view from the state (after a snapshot install or recovery). */
    void rebuildAll(RegistryState state) {
        dirty.addAll(working.keySet());
        working.clear();
        for (String service : state.services()) {
            Working views = new Working();
            for (InstanceState instance : state.scanInstances(service)) {
                views.put(instance.key().id(), null, instance);
            }
            views.materialize();
            working.put(service, views);
            dirty.add(service);
        }
    }

    /**
     * Registry thread, end of batch: publishes the changed services, each in O(1) (a layered snapshot,
     * merged lazily by its first reader). Returns them.
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
            if (views == null || views.size == 0) {
                working.remove(service);
                published.put(service, new ServiceSnapshot(service, serviceIndex, List.of()));
                summaries.remove(service);
                continue;
            }
            ServiceSnapshot snapshot = ServiceSnapshot.layered(service, serviceIndex, views.base, views.logIds,
                    views.logViews, views.logSize, views.size, views.healthy);
            published.put(service, snapshot);
            summaries.put(service, new ServiceSummary(service, views.size, views.healthy, serviceIndex));
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
