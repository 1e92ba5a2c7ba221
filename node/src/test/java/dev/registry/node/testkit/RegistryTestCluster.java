package dev.registry.node.testkit;

import dev.registry.api.InstanceView;
import dev.registry.api.RegistrationRequest;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.registry.ClusterView;
import dev.registry.node.registry.RegistryConfig;
import dev.registry.node.registry.RegistryService.Acks;
import dev.registry.node.registry.ReplicatedRegistry;
import dev.registry.node.registry.WriteResult;
import dev.registry.node.runtime.TimeSource;
import dev.registry.node.storage.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * N replicated registries in one JVM: real disks (a directory each), the in-memory peer network, and
 * membership views the test sets (who is live, gone, whether a node reaches a majority). For behaviour
 * tests of replication, durability and leases without Raft timing in the way.
 */
public final class RegistryTestCluster implements AutoCloseable {

    private final Path root;
    private final LocalPeerNetwork network;
    private final RegistryConfig config;
    private final Map<String, ReplicatedRegistry> nodes = new LinkedHashMap<>();
    private final Map<String, AtomicReference<ClusterView>> views = new LinkedHashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final long seed;

    public RegistryTestCluster(Path root, int size, long seed, RegistryConfig config) {
        this.root = root;
        this.seed = seed;
        this.config = config;
        this.network = new LocalPeerNetwork(seed);
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        for (String id : ids) {
            views.put(id, new AtomicReference<>(new ClusterView(id, Set.copyOf(ids), Set.copyOf(ids), Set.of(), true,
                    true)));
        }
    }

    /** Starts every node and waits until each takes writes (new incarnations first hear from a peer). */
    public RegistryTestCluster startAll() {
        ids.forEach(this::start);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> nodes.values().stream().allMatch(ReplicatedRegistry::writable));
        return this;
    }

    public List<String> ids() {
        return ids;
    }

    public LocalPeerNetwork network() {
        return network;
    }

    public ReplicatedRegistry node(String id) {
        ReplicatedRegistry node = nodes.get(id);
        if (node == null) {
            throw new IllegalStateException(id + " is not running");
        }
        return node;
    }

    public Path dataDir(String id) {
        return root.resolve(id);
    }

    public void start(String id) {
        try {
            ReplicatedRegistry node = ReplicatedRegistry.onDisk(id, dataDir(id), config, GossipConfig.test(),
                    StorageConfig.test(), TimeSource.system(0), new Random(seed ^ id.hashCode()),
                    network.endpoint(id), views.get(id)::get);
            node.start();
            nodes.put(id, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a node abruptly: no graceful drain; what was acknowledged is on its disk. */
    public void crash(String id) {
        ReplicatedRegistry node = nodes.remove(id);
        network.remove(id);
        if (node != null) {
            node.close();
        }
    }

    /** Crashes a node and deletes its data directory: the permanent loss of the node and its disk. */
    public void destroy(String id) {
        crash(id);
        try (Stream<Path> files = Files.walk(dataDir(id))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean running(String id) {
        return nodes.containsKey(id);
    }

    /** Sets what {@code id} believes of membership. */
    public void view(String id, Set<String> live, Set<String> gone, boolean hasQuorum) {
        Set<String> members = new HashSet<>(ids);
        members.removeAll(gone);
        views.get(id).set(new ClusterView(id, live, members, gone, hasQuorum, true));
    }

    public void allUp() {
        for (String id : ids) {
            view(id, Set.copyOf(ids), Set.of(), true);
        }
    }

    public WriteResult register(String id, String service, String instance, int ttlSeconds, Acks acks) {
        RegistrationRequest request = new RegistrationRequest(service, instance, "10.1.0." + (1 + Math.abs(
                instance.hashCode() % 200)), 8080, null, null, null, Map.of("payload", instance), null, ttlSeconds,
                null);
        return node(id).service().register(service, instance, request, acks).join();
    }

    public Optional<InstanceView> find(String id, String service, String instance) {
        return node(id).service().service(service).instances().stream()
                .filter(v -> v.id().equals(instance)).findFirst();
    }

    /** True when every running node has the same state digest. */
    public boolean converged() {
        Set<Long> digests = new HashSet<>();
        for (ReplicatedRegistry node : nodes.values()) {
            digests.add(node.digest());
        }
        return digests.size() == 1;
    }

    public String describe() {
        StringBuilder out = new StringBuilder("seed=" + seed);
        nodes.forEach((id, node) -> out.append(" ").append(id).append("=").append(node.status().digest())
                .append("/").append(node.status().instances()));
        return out.toString();
    }

    @Override
    public void close() {
        for (String id : new ArrayList<>(nodes.keySet())) {
            crash(id);
        }
    }
}
