package dev.registry.chaos.net;

import dev.registry.chaos.process.NodeProcess;
import dev.registry.chaos.process.ProcessNemesis;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs inside the {@link Sandbox}: builds the Recipe A network, starts a {@link StandInServer} in
 * each node namespace, and checks each fault mechanism against it. Writes one line per check
 * ({@code PASS|FAIL name detail}) plus the PIDs it started to the result file, then stops its
 * processes by PID and removes the network. Args: resultFile runMarker classpath.
 */
public final class PlumbingMain {
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private final List<String> lines = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(700)).build();
    private final Exec exec = new Exec(10_000);
    private final Network network = new Network("pl", NODES, exec);
    private final ProcessNemesis processes = new ProcessNemesis(exec);
    private final Map<String, NodeProcess> servers = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        PlumbingMain main = new PlumbingMain();
        try {
            main.run(args[1], args[2], Path.of(args[0]).getParent());
        } catch (RuntimeException e) {
            main.lines.add("FAIL exception " + e);
        } finally {
            main.close();
            Files.write(Path.of(args[0]), main.lines);
        }
        System.exit(main.lines.stream().anyMatch(l -> l.startsWith("FAIL")) ? 1 : 0);
    }

    private void run(String marker, String classpath, Path logDir) {
        network.start();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String n : NODES) {
            NodeProcess p = new NodeProcess(n, logDir.resolve("standin-" + n + ".log"));
            p.start(network.inNamespace(n, List.of(java, "-Xmx64m", "-cp", classpath, StandInServer.class.getName(),
                    network.address(n), "7001", n, marker)));
            servers.put(n, p);
            lines.add("PID " + n + " " + p.pid().orElseThrow());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> NODES.stream().allMatch(n -> get(n, "/health").equals("200")));
        check("all-reachable", NODES.stream().allMatch(n -> get(n, "/health").equals("200")), "");

        network.isolate("n2");
        expect("isolate-silent", get("n2", "/health"), "timeout");
        expect("isolate-cuts-peers", probe("n1", "n2"), "timeout");
        expect("isolate-spares-others", probe("n1", "n3"), "ok");
        network.reconnect("n2");
        // A heal is right when traffic flows again soon, not necessarily on the first request after the link
        // comes back up (the bridge port and the stand-ins' sockets take a moment on a loaded machine).
        check("isolate-heals", within(Duration.ofSeconds(5),
                () -> get("n2", "/health").equals("200") && probe("n1", "n2").equals("ok")), "");

        List<NetworkNemesis> nemeses = new ArrayList<>(List.of(new TcNemesis(network, exec)));
        NetworkNemesis chosen = NetworkNemesis.choose(network, exec);
        if (chosen instanceof IptablesNemesis) {
            nemeses.add(chosen);
        }
        lines.add("INFO chosen-network-nemesis " + chosen.name());
        for (NetworkNemesis nemesis : nemeses) {
            exercise(nemesis);
        }

        processes.pause(servers.get("n3"));
        expect("sigstop-times-out", get("n3", "/health"), "timeout");
        processes.resume(servers.get("n3"));
        check("sigcont-resumes", get("n3", "/health").equals("200"), "");
        processes.kill(servers.get("n1"));
        expect("sigkill-refuses", get("n1", "/health"), "refused");
    }

    private void exercise(NetworkNemesis nemesis) {
        String n = nemesis.name();
        nemesis.cut("n1", "n3");
        expect(n + "-cut-silent", probe("n1", "n3"), "timeout");
        check(n + "-cut-spares-others", probe("n2", "n3").equals("ok") && get("n3", "/health").equals("200"), "");
        nemesis.heal();
        expect(n + "-cut-heals", probe("n1", "n3"), "ok");
        nemesis.loss("n2", "n1", 100);
        expect(n + "-loss-100-drops", probe("n2", "n1"), "timeout");
        nemesis.heal();
        nemesis.loss("n2", "n1", 0);
        expect(n + "-loss-0-passes", probe("n2", "n1"), "ok");
        nemesis.heal();
        nemesis.heal();
        check(n + "-heal-is-idempotent", probe("n2", "n1").equals("ok"), "");
    }

    /** One request, one verdict: the detail is the answer that was judged, not a second request. */
    private void expect(String name, String actual, String expected) {
        check(name, actual.equals(expected), actual);
    }

    private void check(String name, boolean ok, String detail) {
        lines.add((ok ? "PASS " : "FAIL ") + name + (detail.isEmpty() ? "" : " " + detail));
    }

    private String probe(String from, String to) {
        return body(from, "/probe?host=" + network.address(to) + "&port=7001");
    }

    private String get(String node, String path) {
        return request(node, path, true);
    }

    private String body(String node, String path) {
        return request(node, path, false);
    }

    private String request(String node, String path, boolean statusOnly) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + network.address(node) + ":7001" + path))
                .timeout(Duration.ofMillis(1_000)).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return statusOnly ? Integer.toString(r.statusCode()) : r.body();
        } catch (HttpTimeoutException e) {
            return "timeout";
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            return "error:" + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void close() {
        servers.values().forEach(p -> processes.stop(p, 2_000));
        network.close();
    }

    private static boolean within(Duration bound, java.util.function.BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}
