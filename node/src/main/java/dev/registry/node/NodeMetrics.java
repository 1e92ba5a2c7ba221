package dev.registry.node;

import dev.registry.node.registry.ReplicatedRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's own metrics (the HTTP layer records request metrics itself). Names are the ones the
 * operations guide and the Grafana dashboard use; changing one is a breaking change for operators.
 */
final class NodeMetrics implements AutoCloseable {

    private final MeterRegistry meters;
    private final Timer propagation;
    private final Map<String, Long> lag = new ConcurrentHashMap<>();
    private final Set<String> lagPeers = ConcurrentHashMap.newKeySet();
    private JvmGcMetrics gc;
    /** Micrometer holds gauge state weakly: this reference keeps it alive as long as the node. */
    private ReplicatedRegistry.Stats stats;

    NodeMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.propagation = Timer.builder("registry.propagation")
                .description("time from an operation's stamp at its origin to its application here")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    void bind(ReplicatedRegistry registry, Supplier<String> raftRole) {
        stats = registry.stats();
        Gauge.builder("registry.instances", stats, ReplicatedRegistry.Stats::instances)
                .description("visible instances").register(meters);
        Gauge.builder("registry.services", stats, ReplicatedRegistry.Stats::services).register(meters);
        Gauge.builder("registry.leases", stats, s -> s.leaseTable().size())
                .description("leases this node owns").register(meters);
        Gauge.builder("registry.degraded", stats, s -> s.degraded() ? 1 : 0)
                .description("1 when this node cannot reach a Raft majority (it expires no leases)").register(meters);
        Gauge.builder("registry.loop.queued", stats, ReplicatedRegistry.Stats::queued).register(meters);
        FunctionCounter.builder("registry.lease.expiries", stats, ReplicatedRegistry.Stats::expiries)
                .description("leases this node expired").register(meters);
        FunctionCounter.builder("registry.lease.adoptions", stats, ReplicatedRegistry.Stats::adoptions)
                .register(meters);
        FunctionCounter.builder("registry.lease.pauses", stats, ReplicatedRegistry.Stats::pauses)
                .description("times this node found it had been paused (GC, SIGSTOP, starved CPU) and renewed its "
                        + "leases instead of expiring them (rule L6)").register(meters);
        FunctionCounter.builder("registry.gossip.bytes", stats, ReplicatedRegistry.Stats::gossipBytes)
                .baseUnit("bytes").register(meters);
        FunctionCounter.builder("registry.gossip.sync.bytes", stats, ReplicatedRegistry.Stats::syncBytes)
                .baseUnit("bytes").description("anti-entropy bytes of exchanges that found nothing missing")
                .register(meters);
        FunctionCounter.builder("registry.oplog.compacted", stats, ReplicatedRegistry.Stats::compacted)
                .register(meters);
        FunctionCounter.builder("registry.tombstones.collected", stats, ReplicatedRegistry.Stats::tombstonesCollected)
                .register(meters);
        for (String role : new String[] {"leader", "follower", "candidate", "peer", "unknown"}) {
            Gauge.builder("registry.raft.role", raftRole, r -> role.equalsIgnoreCase(r.get()) ? 1 : 0)
                    .tag("role", role).register(meters);
        }
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        gc = new JvmGcMetrics();
        gc.bindTo(meters);
    }

    /** Status-derived values, refreshed by the node's status poll. */
    void refresh(dev.registry.api.ClusterStatus status) {
        tombstones = status.tombstones();
        oplog = status.oplogSize();
        status.lagByPeer().forEach((peer, behind) -> {
            lag.put(peer, behind);
            if (lagPeers.add(peer)) {
                Gauge.builder("registry.gossip.lag", lag, m -> m.getOrDefault(peer, 0L))
                        .baseUnit("operations").description("operations this node knows the peer lacks")
                        .tag("peer", peer).register(meters);
            }
        });
    }

    private volatile int tombstones;
    private volatile int oplog;

    void bindStatusGauges() {
        Gauge.builder("registry.tombstones", this, m -> m.tombstones)
                .description("tombstones held until every member has them").register(meters);
        Gauge.builder("registry.oplog.size", this, m -> m.oplog)
                .description("operations retained in the log (compacted below the frontier)").register(meters);
    }

    void propagated(long millis) {
        propagation.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
