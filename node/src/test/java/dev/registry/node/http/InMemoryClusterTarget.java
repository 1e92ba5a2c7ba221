package dev.registry.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.registry.api.HealthCheckSpec;
import dev.registry.api.MemberView;
import dev.registry.node.health.HealthProber;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three HttpApis on ephemeral loopback ports over ONE in-memory registry, with a real HealthProber run
 * for registrations that declare a check. Writes through any node are at once visible on all, so
 * {@link #awaitReplicated()} has nothing to wait for.
 */
final class InMemoryClusterTarget implements ClusterTarget {
    final Vertx vertx = Vertx.vertx();
    final InMemoryRegistry registry = new InMemoryRegistry("twin", System::currentTimeMillis);
    final List<HttpApi> apis = new ArrayList<>();
    final List<PrometheusMeterRegistry> meters = new ArrayList<>();
    private final List<URI> nodes = new ArrayList<>();
    private final HealthProber prober;

    InMemoryClusterTarget(HttpConfig config) {
        PrometheusMeterRegistry proberMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prober = new HealthProber(vertx, proberMeters, registry::setHealth);
        prober.start();
        registry.checks(new InMemoryRegistry.CheckHook() {
            @Override
            public void track(String service, String id, String host, int port, HealthCheckSpec spec) {
                prober.track(service, id, host, port, spec);
            }

            @Override
            public void untrack(String service, String id) {
                prober.untrack(service, id);
            }
        });
        List<MemberView> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                PrometheusMeterRegistry m = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                HttpApi api = new HttpApi(vertx, registry, m, config);
                apis.add(api);
                meters.add(m);
                int port = api.start().get(10, TimeUnit.SECONDS);
                nodes.add(URI.create("http://127.0.0.1:" + port));
                members.add(new MemberView("node-" + i, "127.0.0.1:0", "127.0.0.1:" + port, "VOTER", "ACTIVE", 0));
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the in-memory cluster", e);
        }
        registry.members(members);
    }

    InMemoryClusterTarget() {
        this(HttpConfig.test());
    }

    @Override
    public List<URI> nodes() {
        return nodes;
    }

    @Override
    public void awaitReplicated() {
        assertEquals(3, nodes.size(), "three nodes share one registry: nothing to replicate");
    }

    @Override
    public boolean canIsolatePeers() {
        return true;
    }

    @Override
    public void peersReachable(boolean reachable) {
        registry.peersReachable(reachable);
    }

    @Override
    public boolean canToggleReady() {
        return true;
    }

    @Override
    public void ready(boolean value) {
        registry.ready(value);
    }

    @Override
    public int registryWatchSubscriptions(int i) {
        return registry.subscriptionCount();
    }

    @Override
    public void close() {
        apis.forEach(HttpApi::close);
        prober.close();
        registry.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }
}
