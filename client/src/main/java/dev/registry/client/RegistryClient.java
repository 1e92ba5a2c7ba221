package dev.registry.client;

import dev.registry.api.FieldError;
import dev.registry.api.InstanceView;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.Validation;
import dev.registry.client.balance.Endpoint;
import dev.registry.client.balance.EndpointStats;
import dev.registry.client.balance.LoadBalancer;
import dev.registry.client.breaker.CircuitBreaker;
import dev.registry.client.cache.ServiceCache;
import dev.registry.client.cache.ServiceSnapshot;
import dev.registry.client.cache.Watcher;
import dev.registry.client.call.Picker;
import dev.registry.client.call.ServiceCaller;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.event.ClientListener;
import dev.registry.client.event.EventDispatch;
import dev.registry.client.metrics.ClientMetrics;
import dev.registry.client.metrics.MetricsSnapshot;
import dev.registry.client.peer.MemberRefresh;
import dev.registry.client.peer.PeerSet;
import dev.registry.client.peer.RegistryTransport;
import dev.registry.client.peer.RegistryUnavailableException;
import dev.registry.client.registration.Registration;
import dev.registry.client.retry.RetryBudget;
import dev.registry.client.retry.RetryPolicy;
import dev.registry.client.wire.WireCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The registry client a service embeds: discovery from a local cache kept current by the watch,
 * load-balanced calls with breakers and retries, and self-registration. Built by
 * {@link #builder(ClientConfig)}; {@link #start()} creates its threads and connections,
 * {@link #close()} deregisters this process's instances gracefully and stops them.
 * Thread-safe; lookups and picks take no lock and make no network call once a service is cached.
 */
public final class RegistryClient implements AutoCloseable {

    private final ClientConfig config;
    private final LongSupplier nanos;
    private final RandomGenerator random;
    private final Function<String, LoadBalancer> balancers;
    private final ServiceCaller.Pause pause;
    private final EventDispatch events = new EventDispatch();
    private final ClientMetrics metrics = new ClientMetrics();
    private final WireCodec codec = new WireCodec();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    // Created by start(), never reassigned after. transport is volatile and written last: a thread
    // that sees it non-null (running()) also sees every field wired before it.
    private ExecutorService httpExecutor;
    private ScheduledExecutorService scheduler;
    private volatile RegistryTransport transport;
    private ServiceCache cache;
    private Watcher watcher;
    private Picker picker;
    private ServiceCaller caller;
    private MemberRefresh members;

    /** Wires a client; everything but the config is optional and defaults to the real thing. */
    public static final class Builder {
        private final ClientConfig config;
        private LongSupplier nanos = System::nanoTime;
        private RandomGenerator random = new ThreadLocalRandomSource();
        private Function<String, LoadBalancer> balancers;
        private ServiceCaller.Pause pause = TimeUnit.NANOSECONDS::sleep;
        private final List<ClientListener> listeners = new ArrayList<>();

        private Builder(ClientConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Monotonic time in nanoseconds (breakers, budgets, latency averages). */
        public Builder clock(LongSupplier value) {
            this.nanos = value;
            return this;
        }

        /** Randomness of balancers and jitter; must be thread-safe (the default is). */
        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        /** A custom balancer per service, replacing {@link ClientConfig#strategy()}. */
        public Builder balancer(Function<String, LoadBalancer> value) {
            this.balancers = value;
            return this;
        }

        /** How {@code call} waits between attempts. */
        public Builder pause(ServiceCaller.Pause value) {
            this.pause = value;
            return this;
        }

        public Builder listener(ClientListener value) {
            listeners.add(value);
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }

    /** Thread-safe, uncontended randomness: each thread draws from its own ThreadLocalRandom. */
    private static final class ThreadLocalRandomSource implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }

        @Override
        public long nextLong(long bound) {
            return ThreadLocalRandom.current().nextLong(bound);
        }
    }

    private RegistryClient(Builder b) {
        this.config = b.config;
        this.nanos = b.nanos;
        this.random = b.random;
        this.balancers = b.balancers != null ? b.balancers : service -> config.strategy().create(random, config.zone());
        this.pause = b.pause;
        b.listeners.forEach(events::add);
    }

    public static Builder builder(ClientConfig config) {
        return new Builder(config);
    }

    /** Creates the threads and the HTTP client, learns the members and starts watching; does not block. */
    public synchronized RegistryClient start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        httpExecutor = Executors.newCachedThreadPool(daemon("registry-client-http"));
        // Two threads: a heartbeat blocked on a dead peer must not delay the member refresh that detects it.
        scheduler = Executors.newScheduledThreadPool(2, daemon("registry-client-scheduler"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).executor(httpExecutor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        PeerSet peers = new PeerSet(config.seeds(), config.peerQuarantine().toNanos(), this::onPeerMoved);
        RegistryTransport transport = new RegistryTransport(http, peers, config.requestTimeout(), nanos, metrics);
        long decay = config.statsDecay().toNanos();
        cache = new ServiceCache(transport, codec, balancers,
                () -> new EndpointStats(new CircuitBreaker(config.breaker()), decay), events, metrics);
        watcher = new Watcher(transport, cache, codec, scheduler, config.requestTimeout(),
                config.watchReconnectBackoff(), events, metrics, nanos);
        cache.onServicesChanged(watcher::reconnect);
        picker = new Picker(cache, nanos);
        caller = new ServiceCaller(picker, http, new RetryPolicy(config.retry()), new RetryBudget(config.retry()),
                config.callTimeout(), nanos, random, pause, metrics, events);
        members = new MemberRefresh(transport, codec);
        this.transport = transport;
        long refresh = config.memberRefreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshMembers, 0, refresh, TimeUnit.MILLISECONDS);
        long resync = config.resyncInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The cached state of {@code service} (marked stale when no peer answers); loads it on first use. */
    public ServiceSnapshot lookup(String service) throws RegistryUnavailableException, InterruptedException {
        running();
        return cache.entry(service).snapshot();
    }

    /** The healthy instances of {@code service}, from the cache. */
    public List<InstanceView> instances(String service) throws RegistryUnavailableException, InterruptedException {
        return lookup(service).healthyInstances();
    }

    /** One instance of {@code service} chosen by the balancer among those whose breaker allows calls. */
    public Endpoint pick(String service) throws IOException, InterruptedException {
        running();
        return picker.pick(service);
    }

    /** The base URL ({@code http://host:port}) of a picked instance, for callers that bring their own HTTP stack. */
    public URI serviceUrl(String service) throws IOException, InterruptedException {
        return pick(service).baseUri();
    }

    /**
     * Calls some instance of {@code service}: picks, sends with the call timeout, retries elsewhere
     * with backoff under the retry budget, and feeds breakers and balancer statistics.
     *
     * @param requestFor builds the request from an instance's base URI, e.g.
     *                   {@code base -> HttpRequest.newBuilder(base.resolve("/orders/42")).build()}
     */
    public <T> HttpResponse<T> call(String service, Function<URI, HttpRequest> requestFor,
                                    HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        running();
        return caller.call(service, requestFor, handler);
    }

    /**
     * Registers this process and keeps it registered until the returned handle (or this client) is
     * closed. Never fails because the registry is unreachable: it keeps trying in the background.
     *
     * @throws IllegalArgumentException when the request breaks the documented limits
     */
    public Registration register(RegistrationRequest request) throws InterruptedException {
        List<FieldError> errors = Validation.registration(request.service(), request.id(), request);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid registration: " + errors);
        }
        running();
        Registration registration = new Registration(request, transport, codec, scheduler, config.drainTime(),
                config.shutdownHook(), events, metrics);
        registrations.add(registration);
        registration.start();
        return registration;
    }

    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** The peer ("host:port") the client currently talks to. */
    public String currentPeer() {
        return running().peers().current();
    }

    /** Every peer the client knows, learned members first, then the seeds. */
    public List<String> knownPeers() {
        return running().peers().peers();
    }

    public void addListener(ClientListener listener) {
        events.add(listener);
    }

    public void removeListener(ClientListener listener) {
        events.remove(listener);
    }

    /** Deregisters this process's instances gracefully (blocking for their drain), then stops. */
    @Override
    public void close() throws InterruptedException {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s == null) {
            return;
        }
        for (Registration registration : registrations) {
            registration.close();
        }
        watcher.close();
        s.shutdownNow();
        httpExecutor.shutdownNow();
        s.awaitTermination(5, TimeUnit.SECONDS);
    }

    private RegistryTransport running() {
        RegistryTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("call start() first");
        }
        return t;
    }

    private void onPeerMoved(String from, String to, String reason) {
        metrics.failovers.increment();
        events.emit(new ClientEvent.PeerFailedOver(from, to, reason));
        Watcher w = watcher;
        if (w != null) {
            w.follow(to);
        }
    }

    private void refreshMembers() {
        try {
            members.refresh();
            watcher.checkIdle(nanos.getAsLong(), config.watchIdleTimeout().toNanos());
            if (cache.isStale()) {
                if (cache.services().isEmpty()) {
                    if (cache.markFresh()) {
                        events.emit(new ClientEvent.ServingFresh(transport.peers().current()));
                    }
                } else {
                    watcher.reconnect();
                }
            }
        } catch (RegistryUnavailableException e) {
            if (cache.markStale()) {
                events.emit(new ClientEvent.ServingStale(e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            report(e);
        }
    }

    private void resync() {
        try {
            cache.resyncAll();
        } catch (RegistryUnavailableException e) {
            // The member refresh and the watch notice and report unreachable peers; nothing to add here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            report(e);
        }
    }

    /** A scheduled task that throws is cancelled silently; report the bug and keep the task alive. */
    private static void report(RuntimeException e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
