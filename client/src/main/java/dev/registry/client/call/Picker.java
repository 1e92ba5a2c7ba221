package dev.registry.client.call;

import dev.registry.client.balance.Endpoint;
import dev.registry.client.cache.ServiceCache;
import dev.registry.client.cache.ServiceSnapshot;
import dev.registry.client.peer.RegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Picks an instance of a service: the cached healthy endpoints, the service's balancer, and the
 * circuit breakers. The common case (balancer's choice is allowed) reads the cache and allocates
 * nothing; only when the choice is refused (breaker open, or already tried by this call) is the
 * list filtered and the balancer asked again. Thread-safe.
 */
public final class Picker {

    private final ServiceCache cache;
    private final LongSupplier nanos;

    public Picker(ServiceCache cache, LongSupplier nanos) {
        this.cache = cache;
        this.nanos = nanos;
    }

    public Endpoint pick(String service) throws NoInstanceAvailableException, RegistryUnavailableException,
            InterruptedException {
        return pick(service, Set.of());
    }

    /**
     * @param tried ids this call already tried; avoided while any other instance is available
     */
    public Endpoint pick(String service, Set<String> tried) throws NoInstanceAvailableException,
            RegistryUnavailableException, InterruptedException {
        ServiceCache.Entry entry = cache.entry(service);
        ServiceSnapshot snapshot = entry.snapshot();
        List<Endpoint> healthy = snapshot.healthy();
        long now = nanos.getAsLong();
        Endpoint choice = entry.balancer.pick(healthy, now);
        if (choice == null) {
            throw new NoInstanceAvailableException(service, snapshot.instances().isEmpty()
                    ? "none registered" : "none of " + snapshot.instances().size() + " is UP and healthy");
        }
        if (choice.stats().breaker().allowsPick(now) && !tried.contains(choice.id())) {
            return choice;
        }
        List<Endpoint> allowed = filter(healthy, now, tried);
        if (allowed.isEmpty() && !tried.isEmpty()) {
            allowed = filter(healthy, now, Set.of());
        }
        if (allowed.isEmpty()) {
            throw new NoInstanceAvailableException(service, "the circuit breakers of all " + healthy.size()
                    + " healthy instances are open");
        }
        return entry.balancer.pick(allowed, now);
    }

    private static List<Endpoint> filter(List<Endpoint> endpoints, long now, Set<String> tried) {
        List<Endpoint> allowed = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            if (e.stats().breaker().allowsPick(now) && !tried.contains(e.id())) {
                allowed.add(e);
            }
        }
        return allowed;
    }
}
