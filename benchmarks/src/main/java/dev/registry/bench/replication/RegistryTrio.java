package dev.registry.bench.replication;

import dev.registry.api.RegistrationRequest;
import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import dev.registry.membership.atomix.AtomixMembership;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.registry.ClusterView;
import dev.registry.node.registry.RegistryConfig;
import dev.registry.node.registry.RegistryService;
import dev.registry.node.registry.ReplicatedRegistry;
import dev.registry.node.registry.WriteResult;
import dev.registry.node.runtime.TimeSource;
import dev.registry.node.storage.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Three registry nodes in this JVM on loopback: for each, a real {@link AtomixMembership} (Netty messaging,
 * Raft, SWIM) carrying a real {@link ReplicatedRegistry} on its own temporary data directory, with a
 * {@link CuttableMessaging} between them. The registries see the view the trio hands them, not Raft's:
 * all three live with quorum, and during a cut what the failure detector reports once it has noticed (each
 * side sees only its own members; the smaller side has no quorum). So a heal reaches the registries the
 * way it does in production, as members turning live again, minus the detector's own delay, and
 * membership reactions to load cannot disturb what is measured. {@link #close()} stops everything and
 * deletes the data.
 */
final class RegistryTrio implements AutoCloseable {

    static final int SIZE = 3;
    /** Longest TTL the API allows: no lease expires during a run (nobody heartbeats). */
    static final int TTL_SECONDS = 3_600;

    private final Path root;
    private final List<AtomixMembership> memberships = new ArrayList<>();
    private final List<CuttableMessaging> messaging = new ArrayList<>();
    private final List<ReplicatedRegistry> registries = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    /** The view each registry reads when told the membership changed, and on every tick. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<ClusterView> views =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(SIZE);

    private RegistryTrio(Path root) {
        this.root = root;
    }

    /** Starts three nodes with the profile for processes on one machine ({@code local}). */
    static RegistryTrio start(long seed) throws IOException {
        RegistryTrio trio = new RegistryTrio(Files.createTempDirectory("repl-bench-"));
        try {
            trio.startAll(seed);
        } catch (IOException | RuntimeException e) {
            trio.close();
            throw e;
        }
        return trio;
    }

    private void startAll(long seed) throws IOException {
        List<Seed> voters = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            ids.add("n" + (i + 1));
            voters.add(new Seed(ids.get(i), "127.0.0.1", freePort()));
        }
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            MembershipConfig config = new MembershipConfig(ids.get(i), "127.0.0.1", voters.get(i).port(),
                    "127.0.0.1:1", voters, root.resolve(ids.get(i)).resolve("raft"), Role.VOTER,
                    MembershipTimings.local());
            AtomixMembership membership = AtomixMembership.create(config);
            memberships.add(membership);
            started.add(membership.start());
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        setViews(Set.of());
        for (int i = 0; i < SIZE; i++) {
            String id = ids.get(i);
            CuttableMessaging cuttable = new CuttableMessaging(id, memberships.get(i));
            messaging.add(cuttable);
            int node = i;
            ReplicatedRegistry registry = ReplicatedRegistry.onDisk(id, root.resolve(id).resolve("registry"),
                    RegistryConfig.local(), GossipConfig.local(), StorageConfig.local(), TimeSource.system(0),
                    new Random(seed + i), cuttable, () -> views.get(node));
            registries.add(registry);
            registry.start();
        }
        // New incarnations take writes once they have heard from a peer (ReplicatedRegistry.writable).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!registries.stream().allMatch(ReplicatedRegistry::writable)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the registries did not start taking writes within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    String id(int node) {
        return ids.get(node);
    }

    RegistryService service(int node) {
        return registries.get(node).service();
    }

    ReplicatedRegistry registry(int node) {
        return registries.get(node);
    }

    /** Cuts {@code node} off from the other two (both directions), and each side's view follows. */
    void isolate(int node) {
        Set<String> group = Set.of(ids.get(node));
        messaging.forEach(m -> m.isolate(group));
        setViews(group);
        viewsChanged();
    }

    void heal() {
        messaging.forEach(CuttableMessaging::heal);
        setViews(Set.of());
        viewsChanged();
    }

    /** The registries take a new view as production's do, on the membership's change event. */
    private void viewsChanged() {
        registries.forEach(ReplicatedRegistry::membershipChanged);
    }

    /** Views as the failure detector reports them with {@code group} cut off from the rest (none: all live). */
    private void setViews(Set<String> group) {
        Set<String> all = Set.copyOf(ids);
        for (int i = 0; i < SIZE; i++) {
            String id = ids.get(i);
            Set<String> side = new HashSet<>(ids);
            if (!group.isEmpty()) {
                side.removeIf(other -> group.contains(other) != group.contains(id));
            }
            views.set(i, new ClusterView(id, side, all, Set.of(), side.size() * 2 > SIZE, true));
        }
    }

    void countSyncRounds(boolean on) {
        messaging.forEach(m -> m.countSyncRounds(on));
    }

    long syncRequests() {
        return messaging.stream().mapToLong(CuttableMessaging::syncRequests).sum();
    }

    long syncBytes() {
        return registries.stream().mapToLong(r -> r.stats().syncBytes()).sum();
    }

    long opsBytes() {
        return registries.stream().mapToLong(r -> r.stats().opsBytes()).sum();
    }

    /** Equal digests and version vectors on all three, as of now (asked on each registry thread). */
    boolean converged() {
        List<CompletableFuture<dev.registry.api.ClusterStatus>> now = new ArrayList<>();
        registries.forEach(r -> now.add(r.currentStatus()));
        Set<String> states = new HashSet<>();
        for (var status : now) {
            states.add(status.join().digest() + status.join().versionVector());
        }
        return states.size() == 1;
    }

    /** Instances on {@code node} as of now (the status of its last tick may be a tick behind converged()). */
    int instances(int node) {
        return (int) registries.get(node).currentStatus().join().instances();
    }

    /**
     * Registers {@code count} instances on {@code node} through the batch API, 1,000 per batch with a few
     * batches in flight; ids are {@code prefix}-0 .. spread over 100 services. Fails on any non-Ok result.
     */
    void load(int node, String prefix, int count) {
        RegistryService service = service(node);
        List<CompletableFuture<List<WriteResult>>> inFlight = new ArrayList<>();
        for (int start = 0; start < count; start += 1_000) {
            List<RegistrationRequest> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 1_000); i++) {
                batch.add(request("svc-" + (i % 100), prefix + "-" + i, i));
            }
            inFlight.add(service.registerBatch(batch, RegistryService.Acks.ONE));
            if (inFlight.size() >= 8) {
                check(inFlight.remove(0).join());
            }
        }
        inFlight.forEach(f -> check(f.join()));
    }

    private static void check(List<WriteResult> results) {
        for (WriteResult result : results) {
            if (!(result instanceof WriteResult.Ok)) {
                throw new IllegalStateException("write refused: " + result);
            }
        }
    }

    static RegistrationRequest request(String service, String id, int n) {
        return new RegistrationRequest(service, id, "10.0." + (n >> 8 & 255) + "." + (n & 255), 8080, null,
                "zone-" + (n % 3), List.of("v1"), null, "UP", TTL_SECONDS, null);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        registries.forEach(ReplicatedRegistry::close);
        memberships.forEach(AtomixMembership::close);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
