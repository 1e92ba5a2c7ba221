package dev.registry.node;

import dev.registry.api.ClusterStatus;
import dev.registry.api.MemberList;
import dev.registry.api.MemberView;
import dev.registry.membership.Member;
import dev.registry.membership.MemberState;
import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.MembershipView;
import dev.registry.membership.Role;
import dev.registry.membership.atomix.AtomixMembership;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.health.HealthProber;
import dev.registry.node.http.HttpApi;
import dev.registry.node.http.HttpConfig;
import dev.registry.node.registry.ClusterView;
import dev.registry.node.registry.RegistryConfig;
import dev.registry.node.registry.ReplicatedRegistry;
import dev.registry.node.runtime.TimeSource;
import dev.registry.node.storage.StorageConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one node: membership (Raft on Atomix), the replicated registry, the HTTP API,
 * active health checks and metrics. Constructor wires nothing heavy; {@link #start()} runs; {@link #close}
 * stops in reverse order.
 */
public final class RegistryNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryNode.class);

    private final NodeConfig config;
    private final TimeSource time;
    private PrometheusMeterRegistry meters;
    private NodeMetrics metrics;
    private Vertx vertx;
    private HttpApi http;
    private AtomixMembership membership;
    private ReplicatedRegistry registry;
    private HealthProber prober;
    private volatile boolean closed;

    public RegistryNode(NodeConfig config) {
        this.config = config;
        this.time = TimeSource.system(config.clockOffsetMs());
    }

    /** Starts the node; completes once it serves HTTP (Raft keeps joining in the background). */
    public CompletableFuture<Void> start() {
        try {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics = new NodeMetrics(meters);
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
            // The HTTP address is part of the membership record, and the HTTP API needs the registry: the
            // registry starts over a membership that is created first and started once HTTP is bound.
            membership = null;
            var membershipHolder = new Object() {
                volatile AtomixMembership value;
            };
            DeferredMessaging messaging = new DeferredMessaging(() -> membershipHolder.value);
            registry = ReplicatedRegistry.onDisk(config.id(), config.dataDir().resolve("registry"),
                    registryConfig(), gossipConfig(), storageConfig(), time, new Random(),
                    messaging, () -> clusterView(membershipHolder.value));
            registry.start();
            http = new HttpApi(vertx, registry.service(), meters, httpConfig());
            int port = http.start().join();
            membership = AtomixMembership.create(membershipConfig(port));
            membership.start().join();
            // Only a started membership carries messages: gossip sends before this are dropped here.
            membershipHolder.value = membership;
            membership.addListener(event -> registry.membershipChanged());
            messaging.current();
            registry.describeMembership(this::memberList, this::raftRole,
                    () -> membership.view().leader().orElse(null), () -> membership.view().epoch());
            prober = new HealthProber(vertx, meters, registry::reportHealth);
            prober.start();
            registry.observeOwned((key, state) -> {
                if (state != null && state.registration().check() != null) {
                    prober.track(key.service(), key.id(), state.registration().host(), state.registration().port(),
                            state.registration().check());
                } else {
                    prober.untrack(key.service(), key.id());
                }
            });
            metrics.bind(registry, this::raftRole);
            metrics.bindStatusGauges();
            registry.observePropagation(metrics::propagated);
            vertx.setPeriodic(1_000, id -> vertx.executeBlocking(() -> {
                metrics.refresh(registry.status());
                return null;
            }, false));
            LOG.info("node {} started: HTTP {}:{}, gossip {}:{}, {} voter(s)", config.id(), config.httpHost(), port,
                    config.gossipHost(), config.gossipPort(), config.voters().size());
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            close();
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            close();
            return CompletableFuture.failedFuture(e);
        }
    }

    public int httpPort() {
        return http.port();
    }

    public ReplicatedRegistry registry() {
        return registry;
    }

    public NodeConfig config() {
        return config;
    }

    private ClusterView clusterView(AtomixMembership m) {
        if (m == null) {
            Set<String> voters = new HashSet<>();
            config.voters().forEach(v -> voters.add(v.id()));
            voters.add(config.id());
            return new ClusterView(config.id(), voters, voters, Set.of(), config.standalone(), false);
        }
        MembershipView view = m.view();
        Set<String> live = new HashSet<>();
        Set<String> members = new HashSet<>();
        Set<String> gone = new HashSet<>();
        long horizon = registryConfig().tombstoneHorizon().toMillis();
        for (Member member : view.members()) {
            if (member.state() == MemberState.GONE) {
                gone.add(member.id());
                // M1: a GONE member may come back with its disk; until the tombstone horizon it still pins
                // the frontier, or it would resurrect instances whose tombstones were collected meanwhile.
                if (time.wallMillis() - member.sinceMillis() < horizon) {
                    members.add(member.id());
                }
            } else {
                members.add(member.id());
                if (member.live()) {
                    live.add(member.id());
                }
            }
        }
        // The configured voters are members until Raft says they are gone: a record still filling in
        // after start must not narrow gossip targets or the compaction frontier.
        for (var voter : config.voters()) {
            if (!gone.contains(voter.id())) {
                members.add(voter.id());
                if (view.member(voter.id()).map(Member::live).orElse(true)) {
                    live.add(voter.id());
                }
            }
        }
        live.add(config.id());
        members.add(config.id());
        return new ClusterView(config.id(), live, members, gone, m.hasQuorum(), m.ready());
    }

    private MemberList memberList() {
        MembershipView view = membership.view();
        List<MemberView> members = view.members().stream().map(m -> new MemberView(m.id(), m.gossipAddress(),
                m.httpAddress(), m.role().name(), m.state().name(), m.lastSeenMillis())).toList();
        return new MemberList(view.epoch(), view.leader().orElse(null), members);
    }

    private String raftRole() {
        if (membership == null) {
            return "unknown";
        }
        if (config.role() == Role.PEER) {
            return "peer";
        }
        return membership.view().leader().map(l -> l.equals(config.id()) ? "leader" : "follower").orElse("candidate");
    }

    private MembershipConfig membershipConfig(int httpPort) {
        MembershipTimings timings = switch (config.profile()) {
            case LAN -> MembershipTimings.lan();
            case LOCAL -> MembershipTimings.local();
            case TEST -> MembershipTimings.test();
        };
        String gossipHost = isWildcard(config.gossipHost()) ? config.advertiseHost() : config.gossipHost();
        return new MembershipConfig(config.id(), gossipHost, config.gossipPort(), config.httpAddress(httpPort),
                config.voters(), config.dataDir().resolve("raft"), config.role(), timings);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private RegistryConfig registryConfig() {
        RegistryConfig profile = switch (config.profile()) {
            case LAN -> RegistryConfig.lan();
            case LOCAL -> RegistryConfig.local();
            case TEST -> RegistryConfig.test();
        };
        return profile.withDeadlineTolerance(config.deadlineTolerance());
    }

    private GossipConfig gossipConfig() {
        return switch (config.profile()) {
            case LAN -> GossipConfig.lan();
            case LOCAL -> GossipConfig.local();
            case TEST -> GossipConfig.test();
        };
    }

    private StorageConfig storageConfig() {
        return switch (config.profile()) {
            case LAN -> StorageConfig.lan();
            case LOCAL -> StorageConfig.local();
            case TEST -> StorageConfig.test();
        };
    }

    private HttpConfig httpConfig() {
        HttpConfig base = switch (config.profile()) {
            case LAN -> HttpConfig.lan();
            case LOCAL -> HttpConfig.local();
            case TEST -> HttpConfig.test();
        };
        return base.withHost(config.httpHost()).withPort(config.httpPort());
    }

    /** Graceful stop (SIGTERM): refuse writes, flush, leave if a non-voting peer, stop everything. */
    public void close(Duration budget) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("node {} stopping", config.id());
        if (registry != null) {
            registry.shutdown(budget);
        }
        if (membership != null && config.role() == Role.PEER) {
            try {
                membership.leave(config.id()).get(Math.max(1, budget.toMillis() / 4),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("node {}: could not leave cleanly: {}", config.id(), e.toString());
            }
        }
        stopAll();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registry != null) {
            registry.close();
        }
        stopAll();
    }

    private void stopAll() {
        if (prober != null) {
            prober.close();
        }
        if (http != null) {
            http.close();
        }
        if (membership != null) {
            membership.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (meters != null) {
            meters.close();
        }
    }
}
