package dev.registry.clientreal;

import static org.awaitility.Awaitility.await;

import dev.registry.chaos.net.Exec;
import dev.registry.chaos.process.NodeCluster;
import dev.registry.chaos.process.NodeProcess;
import dev.registry.chaos.process.ProcessNemesis;
import dev.registry.client.cluster.ClusterUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real registry node processes on 127.0.0.1 (the built node jar), for the client's behaviour contract:
 * kill is SIGKILL and pause SIGSTOP, by PID. {@link #close()} stops every process it started, paused or not.
 */
final class LoopbackNodes implements ClusterUnderTest {

    private final Path root;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final ProcessNemesis signals = new ProcessNemesis(new Exec(5_000));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    LoopbackNodes(Path jar, int size) {
        try {
            root = Files.createTempDirectory("registry-client-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> gossipPorts = new ArrayList<>();
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            httpPorts.add(freePort());
            gossipPorts.add(freePort());
            voters.append(i == 0 ? "" : ",").append("n").append(i + 1).append("@127.0.0.1:").append(gossipPorts.get(i));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            for (int i = 0; i < size; i++) {
                String id = "n" + (i + 1);
                NodeProcess node = new NodeProcess(id, root.resolve(id + ".log"));
                node.start(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "node", "--id", id,
                        "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPorts.get(i)),
                        "--gossip-host", "127.0.0.1", "--gossip-port", String.valueOf(gossipPorts.get(i)),
                        "--advertise-host", "127.0.0.1", "--voters", voters.toString(),
                        "--data-dir", root.resolve(id).toString(), "--profile", "local"));
                nodes.add(node);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::allReady);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean allReady() {
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).alive()) {
                throw new IllegalStateException(nodes.get(i).node() + " exited; see " + nodes.get(i).log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + httpAddress(i) + "/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public String httpAddress(int i) {
        return "127.0.0.1:" + httpPorts.get(i);
    }

    @Override
    public void kill(int i) {
        signals.kill(nodes.get(i));
        nodes.get(i).awaitExit(5_000);
    }

    @Override
    public void pause(int i) {
        signals.pause(nodes.get(i));
    }

    @Override
    public void resume(int i) {
        signals.resume(nodes.get(i));
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            if (node.alive()) {
                signals.resume(node);
                signals.kill(node);
                node.awaitExit(5_000);
            }
        }
        NodeCluster.deleteTree(root);
    }
}
