package dev.registry.merge;

import dev.registry.model.InstanceState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one service (visible or not) and its blocking-query index. Buckets are never removed,
 * so a service's index never goes back to 0 after its last instance is gone and collected.
 */
final class ServiceBucket {

    final String service;
    final Map<String, KeyEntry> byId = new HashMap<>();
    int visibleCount;
    long serviceIndex;
    /** Visible instances sorted by id, built on the first query after a visible change; else null. */
    private List<InstanceState> cachedView;

    ServiceBucket(String service) {
        this.service = service;
    }

    void changed(long index) {
        serviceIndex = index;
        cachedView = null;
    }

    List<InstanceState> instances() {
        List<InstanceState> view = cachedView;
        if (view == null) {
            List<KeyEntry> live = new ArrayList<>(visibleCount);
            for (KeyEntry e : byId.values()) {
                if (e.visible()) {
                    live.add(e);
                }
            }
            live.sort((a, b) -> a.key.id().compareTo(b.key.id()));
            InstanceState[] states = new InstanceState[live.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = live.get(i).view();
            }
            view = List.of(states);
            cachedView = view;
        }
        return view;
    }
}
