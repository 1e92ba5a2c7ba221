package dev.registry.node.health;

import dev.registry.api.HealthCheckSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the active health checks of the instances this node owns: HTTP (GET a path, expect a status or
 * any 2xx) or TCP (connect). One timer per check; the next probe is scheduled when the previous one
 * ends, so probes of one check never overlap. Results go through {@link CheckState}; the listener hears
 * transitions only.
 *
 * <p>Threads: {@link #track} and {@link #untrack} may be called from any thread; all state lives on the
 * prober's own event-loop context (taken in {@link #start}), so it needs no locks and never blocks.
 */
public final class HealthProber implements AutoCloseable {
    private final Vertx vertx;
    private final HealthListener listener;
    private final Counter successes;
    private final Counter failures;
    private final Map<String, Check> checks = new HashMap<>();
    private volatile Context context;
    private HttpClient http;
    private NetClient tcp;
    private boolean closed;
    private volatile int trackedCount;

    public HealthProber(Vertx vertx, MeterRegistry meters, HealthListener listener) {
        this.vertx = vertx;
        this.listener = listener;
        this.successes = Counter.builder("registry.health.checks").tag("result", "success")
                .description("active health check probes by result").register(meters);
        this.failures = Counter.builder("registry.health.checks").tag("result", "failure")
                .description("active health check probes by result").register(meters);
        Gauge.builder("registry.health.tracked", this, HealthProber::tracked)
                .description("instances whose health this node checks").register(meters);
    }

    /** Takes an event-loop context and creates the clients on it. */
    public void start() {
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> {
            // No keep-alive: each probe proves the instance still accepts connections (as Consul does).
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxPoolSize(64));
            tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(60_000));
        });
        context = ctx;
    }

    /**
     * Starts checking an instance, or replaces its check. Re-tracking with the same target and spec keeps
     * the current health (a re-registration does not reset it).
     */
    public void track(String service, String id, String host, int port, HealthCheckSpec spec) {
        Objects.requireNonNull(spec, "spec");
        onContext(() -> {
            String key = key(service, id);
            Check old = checks.get(key);
            if (old != null && old.sameTarget(host, port, spec)) {
                return;
            }
            if (old != null) {
                old.stop(vertx);
            }
            Check check = new Check(service, id, host, port, spec);
            checks.put(key, check);
            trackedCount = checks.size();
            schedule(check);
        });
    }

    public void untrack(String service, String id) {
        onContext(() -> {
            Check old = checks.remove(key(service, id));
            trackedCount = checks.size();
            if (old != null) {
                old.stop(vertx);
            }
        });
    }

    /** Checks currently tracked; any thread. */
    public int tracked() {
        return trackedCount;
    }

    @Override
    public void close() {
        onContext(() -> {
            closed = true;
            checks.values().forEach(c -> c.stop(vertx));
            checks.clear();
            trackedCount = 0;
            if (http != null) {
                http.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        });
    }

    private void onContext(Runnable action) {
        Context ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("HealthProber not started");
        }
        ctx.runOnContext(v -> {
            if (!closed) {
                action.run();
            }
        });
    }

    private void schedule(Check check) {
        check.timer = vertx.setTimer(check.spec.intervalMillis(), id -> probe(check));
    }

    private void probe(Check check) {
        if (!check.active) {
            return;
        }
        Promise<Boolean> outcome = Promise.promise();
        long guard = vertx.setTimer(check.spec.timeoutMillis(), id -> outcome.tryComplete(false));
        Future<Boolean> attempt = check.spec.type() == HealthCheckSpec.Type.HTTP ? probeHttp(check) : probeTcp(check);
        attempt.onComplete(ar -> outcome.tryComplete(ar.succeeded() && ar.result()));
        outcome.future().onComplete(ar -> {
            vertx.cancelTimer(guard);
            if (!check.active) {
                return;
            }
            boolean ok = ar.result();
            (ok ? successes : failures).increment();
            var before = check.state.health();
            check.state = check.state.after(ok, check.spec.healthyThreshold(), check.spec.unhealthyThreshold());
            if (check.state.health() != before) {
                listener.onTransition(check.service, check.id, check.state.health());
            }
            schedule(check);
        });
    }

    private Future<Boolean> probeHttp(Check check) {
        HealthCheckSpec spec = check.spec;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(check.host)
                .setPort(check.port).setURI(spec.path()).setConnectTimeout(spec.timeoutMillis())
                .setIdleTimeout(spec.timeoutMillis()).putHeader("User-Agent", "registry-health-check");
        return http.request(options).compose(request -> request.send()).map((HttpClientResponse response) -> {
            int status = response.statusCode();
            // The status decides; the body is never read, and the connection is dropped at once.
            response.request().connection().close();
            return spec.expectStatus() == 0 ? status >= 200 && status < 300 : status == spec.expectStatus();
        });
    }

    private Future<Boolean> probeTcp(Check check) {
        return tcp.connect(check.port, check.host).map((NetSocket socket) -> {
            socket.close();
            return true;
        });
    }

    private static String key(String service, String id) {
        return service + '\n' + id;
    }

    /** One tracked check. Mutated only on the prober's context. */
    private static final class Check {
        final String service;
        final String id;
        final String host;
        final int port;
        final HealthCheckSpec spec;
        CheckState state = CheckState.INITIAL;
        long timer = -1;
        boolean active = true;

        Check(String service, String id, String host, int port, HealthCheckSpec spec) {
            this.service = service;
            this.id = id;
            this.host = host;
            this.port = port;
            this.spec = spec;
        }

        boolean sameTarget(String otherHost, int otherPort, HealthCheckSpec otherSpec) {
            return host.equals(otherHost) && port == otherPort && spec.equals(otherSpec);
        }

        void stop(Vertx vertx) {
            active = false;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }
}
