package dev.registry.node.cluster;

import static org.awaitility.Awaitility.await;

import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import dev.registry.node.NodeConfig;
import dev.registry.node.RegistryNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Three real nodes in this JVM: Raft membership and gossip over real Atomix messaging on loopback,
 * real disks, real HTTP. Nodes can be stopped and restarted with their data directories.
 */
public final class RealCluster implements AutoCloseable {

    private final Path root;
    private final int size;
    private final List<Seed> voters = new ArrayList<>();
    private final int[] httpPorts;
    private final RegistryNode[] nodes;

    public RealCluster(Path root, int size) {
        this.root = root;
        this.size = size;
        this.httpPorts = new int[size];
        this.nodes = new RegistryNode[size];
        for (int i = 0; i < size; i++) {
            voters.add(new Seed("n" + (i + 1), "127.0.0.1", freePort()));
            httpPorts[i] = freePort();
        }
    }

    public RealCluster start() {
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int index = i;
            Thread starter = new Thread(() -> start(index), "start-n" + (i + 1));
            starters.add(starter);
            starter.start();
        }
        for (Thread starter : starters) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        for (int i = 0; i < size; i++) {
            if (nodes[i] == null) {
                throw new IllegalStateException("node n" + (i + 1) + " did not start");
            }
        }
        // New incarnations take writes once they have heard from a peer.
        await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(nodes)
                .allMatch(n -> n.registry().writable()));
        return this;
    }

    public void start(int i) {
        Seed self = voters.get(i);
        NodeConfig config = new NodeConfig(self.id(), root.resolve(self.id()), "127.0.0.1", httpPorts[i], "127.0.0.1",
                self.port(), "127.0.0.1", voters, List.of(), Role.VOTER, 0, NodeConfig.Profile.TEST,
                Duration.ofSeconds(5), Duration.ofMillis(250));
        RegistryNode node = new RegistryNode(config);
        node.start().join();
        nodes[i] = node;
    }

    /** Stops node {@code i} without a graceful drain (its acknowledged writes are on its disk). */
    public void stop(int i) {
        RegistryNode node = nodes[i];
        nodes[i] = null;
        if (node != null) {
            node.close();
        }
    }

    public boolean running(int i) {
        return nodes[i] != null;
    }

    public RegistryNode node(int i) {
        return nodes[i];
    }

    public List<URI> urls() {
        List<URI> urls = new ArrayList<>();
        for (int port : httpPorts) {
            urls.add(URI.create("http://127.0.0.1:" + port));
        }
        return urls;
    }

    /** Waits until every running node holds the same state (equal digests and version vectors). */
    public void awaitConverged(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(this::converged);
    }

    public boolean converged() {
        Set<String> states = new HashSet<>();
        for (RegistryNode node : nodes) {
            if (node != null) {
                var status = node.registry().status();
                states.add(status.digest() + status.versionVector());
            }
        }
        return states.size() == 1;
    }

    public void awaitReady(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (RegistryNode node : nodes) {
                if (node != null && !node.registry().ready()) {
                    return false;
                }
            }
            return true;
        });
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
        for (int i = 0; i < size; i++) {
            stop(i);
        }
    }
}
