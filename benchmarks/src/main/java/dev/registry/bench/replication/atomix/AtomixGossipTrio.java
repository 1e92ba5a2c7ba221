package dev.registry.bench.replication.atomix;

import io.atomix.cluster.Node;
import io.atomix.cluster.discovery.BootstrapDiscoveryProvider;
import io.atomix.core.Atomix;
import io.atomix.core.map.DistributedMap;
import io.atomix.protocols.backup.partition.PrimaryBackupPartitionGroup;
import io.atomix.protocols.gossip.AntiEntropyProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The baseline: three Atomix 3.1 nodes in this JVM on loopback (a one-partition primary-backup management
 * group, as the gossip map needs none of Raft) and a {@code DistributedMap} on atomix-gossip's
 * {@link AntiEntropyProtocol}. A node takes part in the map only once {@link #map(int)} built it there:
 * until then the map's pushes and anti-entropy to it find no handler and are dropped, which is how the
 * benchmark keeps two replicas apart while the third is written.
 */
public final class AtomixGossipTrio implements AutoCloseable {

    /** Three members, as the registry trio it is compared with. */
    private static final int SIZE = 3;

    static final String MAP = "bench-instances";

    private final Duration antiEntropyInterval;
    private final List<Atomix> nodes = new ArrayList<>();
    private final List<DistributedMap<String, String>> maps = new ArrayList<>();
    private final List<MapCut> cuts = new ArrayList<>(java.util.Collections.nCopies(SIZE, null));

    private AtomixGossipTrio(Duration antiEntropyInterval) {
        this.antiEntropyInterval = antiEntropyInterval;
    }

    public static AtomixGossipTrio start(Duration antiEntropyInterval) {
        AtomixGossipTrio trio = new AtomixGossipTrio(antiEntropyInterval);
        try {
            trio.startAll();
        } catch (RuntimeException e) {
            trio.close();
            throw e;
        }
        return trio;
    }

    private void startAll() {
        List<Node> members = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            members.add(Node.builder().withId("a" + (i + 1)).withAddress("127.0.0.1", freePort())
                    .build());
        }
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (Node member : members) {
            Atomix atomix = Atomix.builder()
                    .withClusterId("repl-bench")
                    .withMemberId(member.id().id())
                    .withAddress(member.address())
                    .withMembershipProvider(BootstrapDiscoveryProvider.builder().withNodes(members).build())
                    .withManagementGroup(PrimaryBackupPartitionGroup.builder("system").withNumPartitions(1).build())
                    .build();
            nodes.add(atomix);
            maps.add(null);
            started.add(atomix.start());
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    }

    /** Builds (once) the gossip map on {@code node}; from then on it replicates there. */
    public synchronized java.util.Map<String, String> map(int node) {
        if (maps.get(node) == null) {
            maps.set(node, nodes.get(node).<String, String>mapBuilder(MAP)
                    .withProtocol(AntiEntropyProtocol.builder().withAntiEntropyInterval(antiEntropyInterval).build())
                    .build());
        }
        return maps.get(node);
    }

    /**
     * Cuts {@code node} off from the other two for the map's traffic, both ways: each node drops the map's
     * messages from the other side's members as they arrive (a request among them gets no reply and times
     * out, as across a real partition). Call once the map is built on every node: only the handlers
     * registered by then are cut. The cluster's own membership traffic is untouched, so no member is ever
     * reported gone (atomix-gossip's heal needs no detection).
     */
    public void isolate(int node) {
        for (int i = 0; i < SIZE; i++) {
            Set<Integer> from = new HashSet<>();
            for (int j = 0; j < SIZE; j++) {
                if (j != i && (i == node) != (j == node)) {
                    from.add(nodes.get(j).getMembershipService().getLocalMember().address().port());
                }
            }
            cut(i).from = Set.copyOf(from);
        }
    }

    public void heal() {
        for (int i = 0; i < SIZE; i++) {
            cut(i).from = Set.of();
        }
    }

    /** The filter in front of {@code node}'s map handlers, installed on first use. */
    private synchronized MapCut cut(int node) {
        if (cuts.get(node) == null) {
            cuts.set(node, MapCut.install(nodes.get(node).getMessagingService(), MAP));
        }
        return cuts.get(node);
    }

    public Duration antiEntropyInterval() {
        return antiEntropyInterval;
    }

    @Override
    public void close() {
        for (DistributedMap<String, String> map : maps) {
            if (map != null) {
                map.close();
            }
        }
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        nodes.forEach(n -> stopped.add(n.stop()));
        CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).join();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
