package dev.registry.client.cache;

import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.WatchEvent;
import dev.registry.client.balance.Endpoint;
import dev.registry.client.balance.EndpointStats;
import dev.registry.client.balance.LoadBalancer;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.event.EventDispatch;
import dev.registry.client.metrics.ClientMetrics;
import dev.registry.client.peer.PeerResponse;
import dev.registry.client.peer.RegistryTransport;
import dev.registry.client.peer.RegistryUnavailableException;
import dev.registry.client.wire.WireCodec;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local copy of every service the application has looked up. A lookup of a cached service
 * is one map read and no network call; the watch keeps the copies current, and a full re-read
 * follows every (re)connection of the watch because the watch has no resume token.
 *
 * Threads: lookups from any thread without locks; updates (watch events, re-reads) are
 * serialised per service by synchronizing on the entry, and publish a new immutable snapshot.
 */
public final class ServiceCache {

    /** One cached service; {@code snapshot} is replaced whole, never mutated. */
    public static final class Entry {
        public final LoadBalancer balancer;
        volatile ServiceSnapshot snapshot;

        Entry(LoadBalancer balancer, ServiceSnapshot snapshot) {
            this.balancer = balancer;
            this.snapshot = snapshot;
        }

        public ServiceSnapshot snapshot() {
            return snapshot;
        }
    }

    private final RegistryTransport transport;
    private final WireCodec codec;
    private final Function<String, LoadBalancer> balancers;
    private final Supplier<EndpointStats> newStats;
    private final EventDispatch events;
    private final ClientMetrics metrics;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, EndpointStats> stats = new ConcurrentHashMap<>();
    /** Called with the new set of services when a service is added, so the watch can follow it. */
    private volatile Runnable onServicesChanged = () -> { };
    private volatile boolean stale;

    public ServiceCache(RegistryTransport transport, WireCodec codec,
                        Function<String, LoadBalancer> balancers, Supplier<EndpointStats> newStats,
                        EventDispatch events, ClientMetrics metrics) {
        this.transport = transport;
        this.codec = codec;
        this.balancers = balancers;
        this.newStats = newStats;
        this.events = events;
        this.metrics = metrics;
    }

    public void onServicesChanged(Runnable callback) {
        this.onServicesChanged = callback;
    }

    public Set<String> services() {
        return Set.copyOf(entries.keySet());
    }

    /** The cached entry, or null: the lock-free hot path. */
    public Entry cached(String service) {
        return entries.get(service);
    }

    /**
     * The entry of {@code service}, loading it from a peer on the first lookup.
     *
     * @throws RegistryUnavailableException on a first lookup when no peer answers (nothing to serve)
     */
    public Entry entry(String service) throws RegistryUnavailableException, InterruptedException {
        metrics.lookups.increment();
        Entry entry = entries.get(service);
        if (entry != null) {
            metrics.cacheHits.increment();
            if (entry.snapshot.stale()) {
                metrics.staleLookups.increment();
            }
            return entry;
        }
        Fetched fetched = fetch(service);
        boolean added;
        synchronized (this) {
            entry = entries.get(service);
            added = entry == null;
            if (added) {
                entry = new Entry(balancers.apply(service), build(service, fetched.instances(), fetched.index()));
                entries.put(service, entry);
            }
        }
        if (added) {
            onServicesChanged.run();
        }
        return entry;
    }

    private record Fetched(List<InstanceView> instances, long index) {
    }

    private Fetched fetch(String service) throws RegistryUnavailableException, InterruptedException {
        String path = "/v1/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "/instances";
        PeerResponse response = transport.send("GET", path, null, "lookup of " + service, true);
        if (response.status() == 404) {
            return new Fetched(List.of(), response.index());
        }
        if (!response.ok()) {
            // 4xx: the request is wrong (e.g. a service name outside the limits); no peer will answer otherwise.
            throw new IllegalArgumentException("lookup of " + service + " refused with HTTP " + response.status()
                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        try {
            return new Fetched(codec.instances(response.body()), response.index());
        } catch (IOException e) {
            transport.fail(response.peer(), "unreadable instance list: " + e.getMessage());
            throw new RegistryUnavailableException("lookup of " + service, List.of(response.peer()), e);
        }
    }

    /** Re-reads every cached service from a peer (after the watch (re)connects, and periodically). */
    public void resyncAll() throws RegistryUnavailableException, InterruptedException {
        for (String service : entries.keySet()) {
            Fetched fetched = fetch(service);
            Entry entry = entries.get(service);
            synchronized (entry) {
                ServiceSnapshot old = entry.snapshot;
                ServiceSnapshot next = build(service, fetched.instances(), fetched.index());
                entry.snapshot = next;
                announceDiff(old, next);
            }
        }
    }

    /** Applies one watch event; events no newer than the cached index are already reflected and skipped. */
    public void apply(WatchEvent event) {
        InstanceView instance = event.instance();
        if (event.type() == null || instance == null || instance.service() == null || instance.id() == null) {
            return;
        }
        metrics.watchEvents.increment();
        Entry entry = entries.get(instance.service());
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            ServiceSnapshot old = entry.snapshot;
            if (event.index() > 0 && old.index() >= event.index()) {
                return;
            }
            Map<String, InstanceView> byId = byId(old.instances());
            boolean removal = event.type() == WatchEvent.Type.DEREGISTERED || event.type() == WatchEvent.Type.EXPIRED;
            if (removal) {
                byId.remove(instance.id());
            } else {
                byId.put(instance.id(), instance);
            }
            ServiceSnapshot next = build(old.service(), new ArrayList<>(byId.values()),
                    Math.max(old.index(), event.index()));
            entry.snapshot = next;
            announceDiff(old, next);
        }
    }

    /** No peer answers: serve what we have, marked stale. Returns true on the transition. */
    public boolean markStale() {
        return setStale(true);
    }

    /** A peer answered and the cache was re-read. Returns true on the transition. */
    public boolean markFresh() {
        return setStale(false);
    }

    public boolean isStale() {
        return stale;
    }

    private synchronized boolean setStale(boolean value) {
        if (stale == value) {
            return false;
        }
        stale = value;
        metrics.stale(value);
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                entry.snapshot = entry.snapshot.asStale(value);
            }
        }
        return true;
    }

    private ServiceSnapshot build(String service, List<InstanceView> instances, long index) {
        List<InstanceView> sorted = new ArrayList<>(instances.size());
        for (InstanceView instance : instances) {
            // The wire is outside our control: an entry without id or address cannot be called or keyed.
            if (instance != null && instance.id() != null && instance.host() != null && instance.port() > 0) {
                sorted.add(instance);
            }
        }
        sorted.sort(Comparator.comparing(InstanceView::id));
        List<Endpoint> healthy = new ArrayList<>(sorted.size());
        for (InstanceView instance : sorted) {
            if (instance.healthy()) {
                healthy.add(new Endpoint(instance, stats.computeIfAbsent(key(service, instance.id()),
                        k -> newStats.get())));
            }
        }
        return new ServiceSnapshot(service, List.copyOf(sorted), List.copyOf(healthy), index, stale);
    }

    private void announceDiff(ServiceSnapshot old, ServiceSnapshot next) {
        Map<String, InstanceView> before = byId(old.instances());
        Map<String, InstanceView> after = byId(next.instances());
        for (InstanceView now : after.values()) {
            InstanceView was = before.get(now.id());
            if (was == null) {
                events.emit(new ClientEvent.Registered(now, false));
            } else if (was.status() != now.status()) {
                InstanceStatus from = was.status();
                events.emit(new ClientEvent.StatusChanged(now.service(), now.id(), from, now.status(), false));
            }
        }
        for (InstanceView was : before.values()) {
            if (!after.containsKey(was.id())) {
                stats.remove(key(was.service(), was.id()));
                events.emit(new ClientEvent.Deregistered(was.service(), was.id(), false));
            }
        }
    }

    private static Map<String, InstanceView> byId(List<InstanceView> instances) {
        Map<String, InstanceView> map = new TreeMap<>();
        for (InstanceView instance : instances) {
            map.put(instance.id(), instance);
        }
        return map;
    }

    private static String key(String service, String id) {
        return service + '/' + id;
    }
}
