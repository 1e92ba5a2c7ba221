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
    /** Layered form, dropped once merged: the base list and the changes over it, both sorted by id. */
    private List<InstanceView> base;
    private String[] changedIds;
    private InstanceView[] changedViews;
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
                            InstanceView[] changedViews, int size, int healthy) {
        this.service = service;
        this.index = index;
        this.base = base;
        this.changedIds = changedIds;
        this.changedViews = changedViews;
        this.size = size;
        this.healthy = healthy;
    }

    /**
     * A layered snapshot: {@code base} (immutable, sorted by id) with {@code changedIds[i]} set to
     * {@code changedViews[i]} (null: removed). The arrays are sorted by id and handed over: not copied.
     */
    static ServiceSnapshot layered(String service, long index, List<InstanceView> base, String[] changedIds,
                                   InstanceView[] changedViews, int size, int healthy) {
        if (changedIds.length == 0) {
            ServiceSnapshot s = new ServiceSnapshot(service, index, null, null, null, size, healthy);
            s.instances = base;
            return s;
        }
        return new ServiceSnapshot(service, index, base, changedIds, changedViews, size, healthy);
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
                    list = merge(base, changedIds, changedViews, size);
                    instances = list;
                    base = null;
                    changedIds = null;
                    changedViews = null;
                }
            }
        }
        return list;
    }

    /** The sorted merge of {@code base} with the changes; O(base + changes). */
    static List<InstanceView> merge(List<InstanceView> base, String[] ids, InstanceView[] views, int expectedSize) {
        List<InstanceView> out = new ArrayList<>(expectedSize);
        int i = 0;
        int j = 0;
        while (i < base.size() || j < ids.length) {
            int order = i == base.size() ? 1 : j == ids.length ? -1 : base.get(i).id().compareTo(ids[j]);
            if (order < 0) {
                out.add(base.get(i++));
            } else {
                if (views[j] != null) {
                    out.add(views[j]);
                }
                if (order == 0) {
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
