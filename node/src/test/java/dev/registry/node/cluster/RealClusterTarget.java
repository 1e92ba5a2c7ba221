package dev.registry.node.cluster;

import dev.registry.node.http.ClusterTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The HTTP contract suites' target backed by three real nodes (Raft, gossip and HTTP all real). */
final class RealClusterTarget implements ClusterTarget {

    private final Path root;
    private final RealCluster cluster;

    RealClusterTarget() {
        try {
            root = Files.createTempDirectory("registry-contract-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster = new RealCluster(root, 3).start();
        cluster.awaitReady(Duration.ofSeconds(30));
    }

    @Override
    public List<URI> nodes() {
        return cluster.urls();
    }

    @Override
    public void awaitReplicated() {
        cluster.awaitConverged(Duration.ofSeconds(10));
    }

    /** Peers unreachable = the other two nodes stopped; reachable again = restarted from their disks. */
    @Override
    public boolean canIsolatePeers() {
        return true;
    }

    @Override
    public void peersReachable(boolean reachable) {
        for (int i = 1; i < 3; i++) {
            if (reachable && !cluster.running(i)) {
                cluster.start(i);
            } else if (!reachable && cluster.running(i)) {
                cluster.stop(i);
            }
        }
        if (reachable) {
            cluster.awaitReady(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        cluster.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
