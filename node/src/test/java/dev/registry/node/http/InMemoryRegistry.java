package dev.registry.node.http;

import dev.registry.api.ClusterStatus;
import dev.registry.api.Health;
import dev.registry.api.HealthCheckSpec;
import dev.registry.api.HistoryEntry;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.Limits;
import dev.registry.api.MemberList;
import dev.registry.api.MemberView;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.ServiceSummary;
import dev.registry.api.WatchEvent;
import dev.registry.node.registry.RegistryService;
import dev.registry.node.registry.ServiceSnapshot;
import dev.registry.node.registry.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A single-node, in-memory twin of the registry for the HTTP layer's tests: one lock over a sorted map,
 * a node-wide index bumped by every visible change, waiters for blocking queries, and a change feed
 * delivered in index order on one notifier thread (as the real registry promises). Not replicated: the
 * in-memory cluster target shares one of these between three HTTP APIs.
 */
final class InMemoryRegistry implements RegistryService, AutoCloseable {
    private static final long DEADLINE_TOLERANCE_MILLIS =
            dev.registry.node.registry.RegistryConfig.DEFAULT_DEADLINE_TOLERANCE.toMillis();
    private final String nodeId;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private final TreeMap<String, TreeMap<String, InstanceView>> services = new TreeMap<>();
    private final Map<String, Long> serviceIndex = new HashMap<>();
    private final Map<String, List<HistoryEntry>> history = new HashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> daemon(r, "twin-notifier"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "twin-timers"));
    private volatile boolean peersReachable = true;
    private volatile boolean ready = true;
    private volatile List<MemberView> members = List.of();
    private volatile CheckHook checks = CheckHook.NONE;
    private long index;
    private long sequence;

    InMemoryRegistry(String nodeId, LongSupplier clock) {
        this.nodeId = nodeId;
        this.clock = clock;
    }

    void peersReachable(boolean reachable) {
        this.peersReachable = reachable;
    }

    void ready(boolean value) {
        this.ready = value;
    }

    void members(List<MemberView> list) {
        this.members = List.copyOf(list);
    }

    /** Where registrations with a health check are announced (the lease owner's prober). */
    void checks(CheckHook hook) {
        this.checks = hook;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    int waiterCount() {
        synchronized (lock) {
            return waiters.values().stream().mapToInt(List::size).sum();
        }
    }

    /** What the lease owner's health prober reports. */
    void setHealth(String service, String id, Health health) {
        synchronized (lock) {
            InstanceView v = find(service, id);
            if (v != null && v.health() != health) {
                put(WatchEvent.Type.UPDATED, withHealth(v, health), "HEALTH", health.name());
            }
        }
    }

    @Override
    public CompletableFuture<WriteResult> register(String service, String id, RegistrationRequest r, WriteTerms terms) {
        WriteResult refused = refusal(terms);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        synchronized (lock) {
            InstanceView old = find(service, id);
            long now = clock.getAsLong();
            InstanceView v = new InstanceView(service, id, r.host(), r.port(),
                    r.weight() == null ? Limits.WEIGHT_DEFAULT : r.weight(), r.zone(),
                    r.tags() == null ? List.of() : List.copyOf(r.tags()),
                    r.metadata() == null ? Map.of() : Map.copyOf(r.metadata()),
                    r.status() == null ? InstanceStatus.UP : InstanceStatus.parse(r.status()).orElseThrow(),
                    old == null ? Health.PASSING : old.health(),
                    r.ttlSeconds() == null ? Limits.TTL_DEFAULT_SECONDS : r.ttlSeconds(), nodeId,
                    old == null ? now : old.registeredAt(), now);
            long at = put(old == null ? WatchEvent.Type.REGISTERED : WatchEvent.Type.UPDATED, v, "REGISTER", r.host());
            if (r.check() != null) {
                checks.track(service, id, r.host(), r.port(), r.check());
            } else if (old != null) {
                checks.untrack(service, id);
            }
            return CompletableFuture.completedFuture(new WriteResult.Ok(v, at));
        }
    }

    /** The twin's version of the node's write refusals: acks=2 without peers, and rule R1 (late writes). */
    private WriteResult refusal(WriteTerms terms) {
        WriteResult late = terms.lateness(clock.getAsLong(), DEADLINE_TOLERANCE_MILLIS);
        if (late != null) {
            return late;
        }
        return terms.acks() == Acks.TWO && !peersReachable ? new WriteResult.Unavailable("no peer confirmed the write")
                : null;
    }

    @Override
    public CompletableFuture<WriteResult> heartbeat(String service, String id) {
        synchronized (lock) {
            InstanceView v = find(service, id);
            return CompletableFuture.completedFuture(v == null ? new WriteResult.NotFound(service, id)
                    : new WriteResult.Ok(v, serviceIndex.getOrDefault(service, index)));
        }
    }

    @Override
    public CompletableFuture<WriteResult> setStatus(String service, String id, InstanceStatus status,
                                                    WriteTerms terms) {
        WriteResult refused = refusal(terms);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        synchronized (lock) {
            InstanceView v = find(service, id);
            if (v == null) {
                return CompletableFuture.completedFuture(new WriteResult.NotFound(service, id));
            }
            InstanceView changed = new InstanceView(v.service(), v.id(), v.host(), v.port(), v.weight(), v.zone(),
                    v.tags(), v.metadata(), status, v.health(), v.ttlSeconds(), v.owner(), v.registeredAt(),
                    clock.getAsLong());
            long at = put(WatchEvent.Type.UPDATED, changed, "SET_STATUS", status.name());
            return CompletableFuture.completedFuture(new WriteResult.Ok(changed, at));
        }
    }

    @Override
    public CompletableFuture<WriteResult> deregister(String service, String id, WriteTerms terms) {
        WriteResult refused = refusal(terms);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        synchronized (lock) {
            InstanceView v = find(service, id);
            if (v == null) {
                return CompletableFuture.completedFuture(new WriteResult.NotFound(service, id));
            }
            services.get(service).remove(id);
            if (services.get(service).isEmpty()) {
                services.remove(service);
            }
            long at = changed(WatchEvent.Type.DEREGISTERED, v, "DEREGISTER", "");
            checks.untrack(service, id);
            return CompletableFuture.completedFuture(new WriteResult.Ok(v, at));
        }
    }

    @Override
    public CompletableFuture<List<WriteResult>> registerBatch(List<RegistrationRequest> requests, WriteTerms terms) {
        List<WriteResult> results = new ArrayList<>();
        for (RegistrationRequest r : requests) {
            results.add(register(r.service(), r.id(), r, terms).join());
        }
        return CompletableFuture.completedFuture(results);
    }

    @Override
    public ServiceSnapshot service(String service) {
        synchronized (lock) {
            TreeMap<String, InstanceView> m = services.get(service);
            return new ServiceSnapshot(service, serviceIndex.getOrDefault(service, index),
                    m == null ? List.of() : new ArrayList<>(m.values()));
        }
    }

    @Override
    public List<ServiceSummary> services() {
        synchronized (lock) {
            List<ServiceSummary> out = new ArrayList<>();
            services.forEach((name, m) -> out.add(new ServiceSummary(name, m.size(),
                    (int) m.values().stream().filter(InstanceView::healthy).count(), serviceIndex.get(name))));
            return out;
        }
    }

    @Override
    public long index() {
        synchronized (lock) {
            return index;
        }
    }

    @Override
    public CompletableFuture<Long> awaitChange(String service, long afterIndex, Duration maxWait) {
        synchronized (lock) {
            long current = serviceIndex.getOrDefault(service, 0L);
            if (current > afterIndex) {
                return CompletableFuture.completedFuture(current);
            }
            Waiter w = new Waiter(service, afterIndex, new CompletableFuture<>());
            waiters.computeIfAbsent(service, k -> new ArrayList<>()).add(w);
            timers.schedule(() -> expire(w), maxWait.toMillis(), TimeUnit.MILLISECONDS);
            w.future.whenComplete((v, e) -> remove(w));
            return w.future;
        }
    }

    @Override
    public AutoCloseable watch(Set<String> filter, Consumer<WatchEvent> listener) {
        Subscription s = new Subscription(Set.copyOf(filter), listener);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    @Override
    public CompletableFuture<List<HistoryEntry>> history(String service, String id) {
        synchronized (lock) {
            List<HistoryEntry> list = new ArrayList<>(history.getOrDefault(service + "/" + id, List.of()));
            java.util.Collections.reverse(list);
            return CompletableFuture.completedFuture(list);
        }
    }

    @Override
    public ClusterStatus clusterStatus() {
        synchronized (lock) {
            int count = services.values().stream().mapToInt(Map::size).sum();
            return new ClusterStatus(nodeId, nodeId, "LEADER", 1, Map.of(nodeId, sequence),
                    Long.toHexString(services.hashCode()), count, services.size(), 0, (int) sequence, 0, Map.of(),
                    false, ready, index);
        }
    }

    @Override
    public MemberList members() {
        return new MemberList(1, nodeId, members);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void close() {
        notifier.shutdownNow();
        timers.shutdownNow();
    }

    private InstanceView find(String service, String id) {
        TreeMap<String, InstanceView> m = services.get(service);
        return m == null ? null : m.get(id);
    }

    /** Caller holds the lock. */
    private long put(WatchEvent.Type type, InstanceView v, String kind, String detail) {
        services.computeIfAbsent(v.service(), k -> new TreeMap<>()).put(v.id(), v);
        return changed(type, v, kind, detail);
    }

    /** Caller holds the lock: bumps the index, records history, wakes waiters, queues the event. */
    private long changed(WatchEvent.Type type, InstanceView v, String kind, String detail) {
        long at = ++index;
        sequence++;
        serviceIndex.put(v.service(), at);
        history.computeIfAbsent(v.service() + "/" + v.id(), k -> new ArrayList<>())
                .add(new HistoryEntry(kind, nodeId, sequence, clock.getAsLong(), 0, detail));
        List<Waiter> woken = waiters.remove(v.service());
        if (woken != null) {
            woken.forEach(w -> timers.execute(() -> w.future.complete(at)));
        }
        WatchEvent event = new WatchEvent(type, v, at);
        notifier.execute(() -> {
            for (Subscription s : subscriptions) {
                if (s.filter.isEmpty() || s.filter.contains(event.instance().service())) {
                    s.listener.accept(event);
                }
            }
        });
        return at;
    }

    private void expire(Waiter w) {
        long current;
        synchronized (lock) {
            current = serviceIndex.getOrDefault(w.service, 0L);
        }
        w.future.complete(current);
    }

    private void remove(Waiter w) {
        synchronized (lock) {
            List<Waiter> list = waiters.get(w.service);
            if (list != null) {
                list.remove(w);
                if (list.isEmpty()) {
                    waiters.remove(w.service);
                }
            }
        }
    }

    private static InstanceView withHealth(InstanceView v, Health health) {
        return new InstanceView(v.service(), v.id(), v.host(), v.port(), v.weight(), v.zone(), v.tags(),
                v.metadata(), v.status(), health, v.ttlSeconds(), v.owner(), v.registeredAt(), v.updatedAt());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The prober's two calls; NONE when the target runs no health checks. */
    interface CheckHook {
        CheckHook NONE = new CheckHook() {
            @Override
            public void track(String service, String id, String host, int port, HealthCheckSpec spec) {
            }

            @Override
            public void untrack(String service, String id) {
            }
        };

        void track(String service, String id, String host, int port, HealthCheckSpec spec);

        void untrack(String service, String id);
    }

    private record Waiter(String service, long afterIndex, CompletableFuture<Long> future) {
    }

    private record Subscription(Set<String> filter, Consumer<WatchEvent> listener) {
    }
}
