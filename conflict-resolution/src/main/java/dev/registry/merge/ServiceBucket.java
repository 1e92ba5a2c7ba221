package dev.registry.merge;

import dev.registry.model.InstanceState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The keys of one service (visible or not) and its blocking-query index. Buckets are never removed,
 * so a service's index never goes back to 0 after its last instance is gone and collected.
 *
 * <p>Once a service has been queried, its visible instances are kept as an array sorted by id and
 * patched on every visible change (replace, insert or remove one element: a binary search and one
 * array copy), so a watched, churning service never pays a full rebuild. Every patch makes a new
 * array: a list handed out earlier never changes.
 */
final class ServiceBucket {

    final String service;
    final EntryTable byId = new EntryTable();
    int visibleCount;
    long serviceIndex;
    /** Visible instances sorted by id, or null until the first query. */
    private InstanceState[] sorted;
    private List<InstanceState> view;

    ServiceBucket(String service) {
        this.service = service;
    }

    /** A visible change of {@code id}: {@code after} is its new view, or null if it is no longer visible. */
    void changed(long index, String id, InstanceState after) {
        serviceIndex = index;
        if (sorted == null) {
            return;
        }
        int pos = find(id);
        InstanceState[] next;
        if (pos >= 0 && after != null) {
            next = sorted.clone();
            next[pos] = after;
        } else if (pos >= 0) {
            next = new InstanceState[sorted.length - 1];
            System.arraycopy(sorted, 0, next, 0, pos);
            System.arraycopy(sorted, pos + 1, next, pos, sorted.length - pos - 1);
        } else if (after != null) {
            int at = -pos - 1;
            next = new InstanceState[sorted.length + 1];
            System.arraycopy(sorted, 0, next, 0, at);
            next[at] = after;
            System.arraycopy(sorted, at, next, at + 1, sorted.length - at);
        } else {
            return;
        }
        publish(next);
    }

    private int find(String id) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = sorted[mid].key().id().compareTo(id);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    List<InstanceState> instances() {
        if (sorted == null) {
            List<KeyEntry> live = new ArrayList<>(visibleCount);
            for (KeyEntry e : byId) {
                if (e.visible()) {
                    live.add(e);
                }
            }
            live.sort((a, b) -> a.key.id().compareTo(b.key.id()));
            InstanceState[] states = new InstanceState[live.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = live.get(i).view();
            }
            publish(states);
        }
        return view;
    }

    /** Visible instances in no particular order; the sorted list if one is kept, else a fresh list. */
    List<InstanceState> scan() {
        if (sorted != null) {
            return view;
        }
        List<InstanceState> live = new ArrayList<>(visibleCount);
        for (KeyEntry e : byId) {
            if (e.visible()) {
                live.add(e.view());
            }
        }
        return live;
    }

    private void publish(InstanceState[] next) {
        sorted = next;
        view = Collections.unmodifiableList(Arrays.asList(next));
    }
}
