package dev.registry.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registry.api.MemberList;
import dev.registry.api.MemberView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The StatefulSet on this machine: the container entrypoint started three times with the
 * environment each pod of overlays/production gets, the pods' DNS names mapped to 127.0.0.11-13
 * by a JDK hosts file (JAVA_OPTS -Djdk.net.hosts.file, no /etc/hosts edit). The three must form
 * one cluster and serve a registration made on any of them; SIGTERM must end a node cleanly.
 * With overlays/scaled, a fourth pod (ordinal past REGISTRY_VOTER_COUNT) must join as a
 * non-voting peer, as deploy/README.md "Scaling beyond 3" promises.
 *
 * <p>Two deliberate differences from a real pod, both because the three "pods" share one
 * network namespace here: HTTP binds the pod address instead of 0.0.0.0, and each pod gets its
 * own data directory under a temp dir instead of its own volume at the same path.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StatefulSetOnLoopbackTest {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @TempDir
    Path tmp;
    private final List<Process> pods = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<String> ips = new ArrayList<>();
    /** The pod this test itself sent SIGTERM to: its exit is expected. */
    private Process stopping;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** SIGKILL by PID, even after a failure: the graceful path is what the first test checks. */
    @AfterEach
    void killEveryPod() throws InterruptedException {
        for (Process p : pods) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : pods) {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "pod process " + p.pid() + " survived SIGKILL");
        }
    }

    @Test
    void threePodsFormOneClusterAndServeARegistrationMadeOnAny() throws Exception {
        Manifests m = Manifests.load("overlays/production");
        int httpPort = startPods(m, 3);
        try {
            awaitOneCluster(m, httpPort);
            registerOnEachAndReadOnAll(httpPort);
            // The kubelet's SIGTERM: the node stops within REGISTRY_SHUTDOWN_TIMEOUT and exits 0.
            Process last = pods.get(pods.size() - 1);
            stopping = last;
            last.destroy();
            assertTrue(last.waitFor(25, TimeUnit.SECONDS), "SIGTERM did not stop the node within its shutdown timeout");
            assertEquals(0, last.exitValue(), "graceful shutdown must exit 0");
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + logTails(), e);
        }
    }

    /** overlays/scaled with registry-4 not (yet) scheduled: registry-3 is past the voters. */
    @Test
    void aPodPastTheVotersJoinsAsANonVotingPeer() throws Exception {
        Manifests m = Manifests.load("overlays/scaled");
        int httpPort = startPods(m, 4);
        try {
            awaitOneCluster(m, httpPort);
            Map<String, String> roles = new HashMap<>();
            for (MemberView member : members(ips.get(0), httpPort)) {
                roles.put(member.id(), member.role().toLowerCase(Locale.ROOT));
            }
            assertEquals(Map.of("registry-0", "voter", "registry-1", "voter", "registry-2", "voter",
                    "registry-3", "peer"), roles);
            registerOnEachAndReadOnAll(httpPort);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + logTails(), e);
        }
    }

    /** Starts pods 0..count-1 of {@code m}; answers the HTTP port they all listen on. */
    private int startPods(Manifests m, int count) throws IOException {
        // REGISTRY_NODE_HOME runs the pods from another build of the node (jar + lib/).
        String otherBuild = System.getenv("REGISTRY_NODE_HOME");
        Path home = otherBuild != null && !otherBuild.isBlank() ? Path.of(otherBuild)
                : Manifests.repositoryRoot().resolve("node/target");
        assumeTrue(Files.isRegularFile(home.resolve("registry-node.jar")),
                home + "/registry-node.jar is absent: build the node (mvn -pl node -am package) to run the pod tests");
        IntStream.range(0, count).forEach(i -> ips.add("127.0.0." + (11 + i)));
        Map<String, String> template = ManifestInvariantsTest.env(m, 0);
        int[] ports = freePorts(ips, Integer.parseInt(template.get("REGISTRY_HTTP_PORT")),
                Integer.parseInt(template.get("REGISTRY_GOSSIP_PORT")));
        Path hosts = writeHostsFile(m, ips);
        for (int i = 0; i < count; i++) {
            start(m, i, ips.get(i), ports, hosts, home);
        }
        return ports[0];
    }

    private void awaitOneCluster(Manifests m, int httpPort) {
        await("all pods ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> ips.stream().allMatch(ip -> status(get(ip, httpPort, "/ready")) == 200));
        Set<String> ids = IntStream.range(0, ips.size()).mapToObj(i -> PodEnvironment.podName(m, i))
                .collect(Collectors.toSet());
        for (String ip : ips) {
            await("members seen by " + ip).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> members(ip, httpPort).stream().map(MemberView::id).collect(Collectors.toSet()),
                            ids::equals);
        }
    }

    private void registerOnEachAndReadOnAll(int httpPort) throws Exception {
        for (int i = 0; i < ips.size(); i++) {
            String body = "{\"host\":\"127.0.0.1\",\"port\":" + (9000 + i) + ",\"ttlSeconds\":600}";
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(ips.get(i), httpPort,
                            "/v1/services/deploy-check/instances/from-pod-" + i))
                    // Generous: a loaded CI machine is slow, and latency is the benchmarks' business.
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
        }
        Set<String> registered = IntStream.range(0, ips.size()).mapToObj(i -> "from-pod-" + i)
                .collect(Collectors.toSet());
        for (String ip : ips) {
            await("registrations visible on " + ip).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instanceIds(ip, httpPort), seen -> seen.containsAll(registered));
        }
    }

    private void start(Manifests m, int ordinal, String ip, int[] ports, Path hosts, Path home) throws IOException {
        Map<String, String> env = PodEnvironment.of(m, ordinal, ip);
        env.put("REGISTRY_HTTP_HOST", ip);
        env.put("REGISTRY_HTTP_PORT", String.valueOf(ports[0]));
        env.put("REGISTRY_GOSSIP_PORT", String.valueOf(ports[1]));
        env.put("REGISTRY_DATA_DIR", tmp.resolve("pod-" + ordinal + "/data").toString());
        env.put("JAVA_OPTS", env.getOrDefault("JAVA_OPTS", "") + " -Xmx256m -Djdk.net.hosts.file=" + hosts);
        ProcessBuilder pb = new ProcessBuilder(EntrypointTest.script().toString());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        pb.environment().put("REGISTRY_HOME", home.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = tmp.resolve("pod-" + ordinal + ".log");
        logs.add(log);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        pods.add(pb.start());
    }

    /** The pods' names as the headless Service publishes them, plus what the JVM looks up itself. */
    private Path writeHostsFile(Manifests m, List<String> ips) throws IOException {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        try {
            hosts.append("127.0.0.1 ").append(InetAddress.getLocalHost().getHostName()).append('\n');
        } catch (IOException e) {
            // the machine's own name does not resolve: nothing to map
        }
        String domain = m.statefulSet().getSpec().getServiceName() + "." + m.namespace() + ".svc.cluster.local";
        for (int i = 0; i < ips.size(); i++) {
            String pod = PodEnvironment.podName(m, i);
            hosts.append(ips.get(i)).append(' ').append(pod).append('.').append(domain).append(' ').append(pod).append('\n');
        }
        Path file = tmp.resolve("hosts");
        Files.writeString(file, hosts.toString());
        return file;
    }

    /**
     * The manifest's ports when they are free on every pod address, else one free pair used
     * by all three pods (the entrypoint then derives the voter list from the new gossip port).
     */
    private static int[] freePorts(List<String> ips, int httpPort, int gossipPort) throws IOException {
        if (free(ips, httpPort) && free(ips, gossipPort)) {
            return new int[] {httpPort, gossipPort};
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int a = ephemeral(ips.get(0));
            int b = ephemeral(ips.get(0));
            if (a != b && free(ips, a) && free(ips, b)) {
                return new int[] {a, b};
            }
        }
        throw new IllegalStateException("no free port pair on " + ips);
    }

    private static boolean free(List<String> ips, int port) {
        for (String ip : ips) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(ip, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static int ephemeral(String ip) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ip, 0));
            return s.getLocalPort();
        }
    }

    private List<MemberView> members(String ip, int port) throws IOException {
        HttpResponse<String> r = get(ip, port, "/v1/cluster/members");
        if (r == null || r.statusCode() != 200) {
            return List.of();
        }
        return JSON.readValue(r.body(), MemberList.class).members();
    }

    private Set<String> instanceIds(String ip, int port) throws IOException {
        HttpResponse<String> r = get(ip, port, "/v1/services/deploy-check/instances");
        Set<String> ids = new HashSet<>();
        if (r != null && r.statusCode() == 200) {
            JsonNode body = JSON.readTree(r.body());
            JsonNode list = body.isArray() ? body : body.path("instances");
            list.forEach(i -> ids.add(i.path("id").asText()));
        }
        return ids;
    }

    /** A GET that answers null on connection failure: a pod still starting is not an error. */
    private HttpResponse<String> get(String ip, int port, String path) {
        for (Process p : pods) {
            if (!p.isAlive() && p != stopping) {
                throw new AssertionError("pod-" + pods.indexOf(p) + " exited with " + p.exitValue());
            }
        }
        try {
            return http.send(HttpRequest.newBuilder(uri(ip, port, path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(HttpResponse<String> r) {
        return r == null ? -1 : r.statusCode();
    }

    private static URI uri(String ip, int port, String path) {
        return URI.create("http://" + ip + ":" + port + path);
    }

    private String logTails() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                out.append("\n--- ").append(log.getFileName()).append(" (last 40 lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (IOException e) {
                out.append("\n--- ").append(log.getFileName()).append(": unreadable ").append(e);
            }
        }
        return out.toString();
    }
}
