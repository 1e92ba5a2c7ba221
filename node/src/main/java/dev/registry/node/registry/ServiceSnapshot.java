package dev.registry.node.registry;

import dev.registry.api.InstanceView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable view of one service at one index; safe to share between threads and to cache by index.
 *
 * <p>Publishing one after every batch must not cost O(instances): a snapshot may be layered, an
 * earlier materialized list plus the few changes since (sorted by id, a null view meaning removed),
 * and its list is merged once, on first read, by whichever thread reads it first. Merging is pure,
 * so two threads racing to do it build equal lists and either may win.
 */
public final class ServiceSnapshot {
    private final String service;
    private final long index;
    private final int size;
    private final int healthy;
    /**
     * Layered form, dropped once merged: the base list (sorted by id) and the first {@code changeCount}
     * entries of an append-only change log shared with later snapshots (a null view means removed).
     */
    private List<InstanceView> base;
    private String[] changedIds;
    private InstanceView[] changedViews;
    private int changeCount;
    private volatile List<InstanceView> instances;

    /** A materialized snapshot of {@code instances}, sorted by id. */
    public ServiceSnapshot(String service, long index, List<InstanceView> instances) {
        this.service = service;
        this.index = index;
        this.instances = List.copyOf(instances);
        this.size = this.instances.size();
        int h = 0;
        for (InstanceView v : this.instances) {
            h += v.healthy() ? 1 : 0;
        }
        this.healthy = h;
    }

    private ServiceSnapshot(String service, long index, List<InstanceView> base, String[] changedIds,
                            InstanceView[] changedViews, int changeCount, int size, int healthy) {
        this.service = service;
        this.index = index;
        this.base = base;
        this.changedIds = changedIds;
        this.changedViews = changedViews;
        this.changeCount = changeCount;
        this.size = size;
        this.healthy = healthy;
    }

    /**
     * A layered snapshot in O(1): {@code base} (immutable, sorted by id) with the first {@code changeCount}
     * entries of the change log applied in order ({@code changedIds[i]} set to {@code changedViews[i]}, null:
     * removed). The log's arrays are shared, not copied: the caller may append beyond {@code changeCount}
     * later but never rewrites an entry below it.
     */
    static ServiceSnapshot layered(String service, long index, List<InstanceView> base, String[] changedIds,
                                   InstanceView[] changedViews, int changeCount, int size, int healthy) {
        if (changeCount == 0) {
            ServiceSnapshot s = new ServiceSnapshot(service, index, null, null, null, 0, size, healthy);
            s.instances = base;
            return s;
        }
        return new ServiceSnapshot(service, index, base, changedIds, changedViews, changeCount, size, healthy);
    }

    public String service() {
        return service;
    }

    public long index() {
        return index;
    }

    /** Visible instances; known without merging a layered snapshot. */
    public int size() {
        return size;
    }

    /** Visible instances that are healthy; known without merging a layered snapshot. */
    public int healthy() {
        return healthy;
    }

    /** The instances sorted by id (immutable). */
    public List<InstanceView> instances() {
        List<InstanceView> list = instances;
        if (list == null) {
            synchronized (this) {
                list = instances;
                if (list == null) {
                    list = merge(base, changedIds, changedViews, changeCount, size);
                    instances = list;
                    base = null;
                    changedIds = null;
                    changedViews = null;
                }
            }
        }
        return list;
    }

    /**
     * {@code base} with the first {@code count} logged changes applied in log order (a later change of an id
     * wins), sorted by id: O(base + count log count).
     */
    static List<InstanceView> merge(List<InstanceView> base, String[] ids, InstanceView[] views, int count,
                                    int expectedSize) {
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        // Stable: entries of one id stay in log order, so the last of each run is the latest change.
        java.util.Arrays.sort(order, (x, y) -> ids[x].compareTo(ids[y]));
        List<InstanceView> out = new ArrayList<>(expectedSize);
        int i = 0;
        int j = 0;
        while (i < base.size() || j < count) {
            if (j < count) {
                // Skip to the latest change of this id.
                while (j + 1 < count && ids[order[j + 1]].equals(ids[order[j]])) {
                    j++;
                }
            }
            int c = i == base.size() ? 1 : j == count ? -1 : base.get(i).id().compareTo(ids[order[j]]);
            if (c < 0) {
                out.add(base.get(i++));
            } else {
                InstanceView v = views[order[j]];
                if (v != null) {
                    out.add(v);
                }
                if (c == 0) {
                    i++;
                }
                j++;
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceSnapshot other && index == other.index && service.equals(other.service)
                && instances().equals(other.instances());
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, index, instances());
    }

    @Override
    public String toString() {
        return "ServiceSnapshot[service=" + service + ", index=" + index + ", instances=" + instances() + "]";
    }
}
