package dev.registry.client.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prefers endpoints in the client's own zone (cheaper and faster than crossing zones) and lets
 * the wrapped strategy choose among them; when the zone has no endpoint, all endpoints are used,
 * so losing a zone never fails a call. The zone subset is computed once per endpoint list.
 */
public final class ZoneAffinity implements LoadBalancer {

    private final String zone;
    private final LoadBalancer delegate;
    private volatile Subset subset;

    private record Subset(List<Endpoint> source, List<Endpoint> local) {
    }

    public ZoneAffinity(String zone, LoadBalancer delegate) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Endpoint pick(List<Endpoint> endpoints, long nowNanos) {
        Subset s = subset;
        if (s == null || s.source() != endpoints) {
            List<Endpoint> local = new ArrayList<>();
            for (Endpoint e : endpoints) {
                if (zone.equals(e.zone())) {
                    local.add(e);
                }
            }
            s = new Subset(endpoints, local.isEmpty() ? endpoints : List.copyOf(local));
            subset = s;
        }
        return delegate.pick(s.local(), nowNanos);
    }
}
