package dev.registry.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real node processes on loopback (1 or 3 voters), each with its own temp data dir, HTTP and gossip port
 * probed free. {@link #start} returns once every node answers 200 on {@code /ready}; {@link #close} stops
 * them by PID (SIGTERM, then SIGKILL after a grace period) and deletes the data dirs. A JVM shutdown hook
 * does the same if the driver dies first. Not thread-safe: one driver thread owns it.
 */
public final class ClusterProcesses implements AutoCloseable {
    /** How a node JVM is launched: {@code -jar <jar>} or {@code -cp <classpath> <main>}. */
    public record Launch(List<String> jvmFlags, List<String> launcher) {
        public static Launch jar(Path nodeJar, List<String> jvmFlags) {
            return new Launch(jvmFlags, List.of("-jar", nodeJar.toString()));
        }

        /** The node's classes from a class path (tests: the current JVM's own), with Atomix's opens. */
        public static Launch classpath(String classpath, List<String> jvmFlags) {
            List<String> flags = new ArrayList<>(jvmFlags);
            for (String pkg : List.of("java.lang", "java.lang.reflect", "java.lang.invoke", "java.util",
                    "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks", "java.nio",
                    "java.io", "java.net", "java.time", "sun.nio.ch")) {
                flags.add("--add-opens");
                flags.add("java.base/" + pkg + "=ALL-UNNAMED");
            }
            return new Launch(flags, List.of("-cp", classpath, "dev.registry.node.cli.Main"));
        }
    }

    /** One started node: its id, HTTP port and process. */
    public record Node(String id, int httpPort, int gossipPort, Process process, Path log) {
        public String baseUrl() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    private final Launch launch;
    private final int size;
    private final String profile;
    private final List<Node> nodes = new ArrayList<>();
    private Path root;
    private Thread hook;

    public ClusterProcesses(Launch launch, int size, String profile) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.launch = launch;
        this.size = size;
        this.profile = profile;
    }

    /** Starts every node and waits up to {@code readyMillis} for all of them to be ready. */
    public ClusterProcesses start(long readyMillis) throws IOException, InterruptedException {
        root = Files.createTempDirectory("registry-load-");
        hook = new Thread(this::stopAll, "cluster-processes-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Integer> ports = freePorts(2 * size);
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",").append("n").append(i + 1).append("@127.0.0.1:").append(ports.get(size + i));
        }
        for (int i = 0; i < size; i++) {
            String id = "n" + (i + 1);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(launch.jvmFlags());
            command.addAll(launch.launcher());
            command.addAll(List.of("node", "--id", id, "--http-host", "127.0.0.1", "--http-port",
                    Integer.toString(ports.get(i)), "--gossip-host", "127.0.0.1", "--gossip-port",
                    Integer.toString(ports.get(size + i)), "--advertise-host", "127.0.0.1", "--voters",
                    voters.toString(), "--data-dir", root.resolve(id).toString(), "--profile", profile));
            Path log = root.resolve(id + ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            nodes.add(new Node(id, ports.get(i), ports.get(size + i), p, log));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyMillis);
        for (Node node : nodes) {
            awaitReady(node, deadline);
        }
        return this;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    private static void awaitReady(Node node, long deadlineNanos) throws InterruptedException, IOException {
        while (true) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException(node.id() + " exited with " + node.process().exitValue() + "; log:\n"
                        + tail(node.log()));
            }
            if (status(node.baseUrl() + "/ready") == 200) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(node.id() + " not ready in time; log:\n" + tail(node.log()));
            }
            // Start-up polling at 100 ms resolution; this is the driver's setup, not a measurement.
            Thread.sleep(100);
        }
    }

    private static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Distinct ports that were free when probed (a tiny race with other processes remains, as for any probe). */
    static List<Integer> freePorts(int count) throws IOException {
        Set<Integer> seen = new HashSet<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (seen.size() < count) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                seen.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return held.stream().map(ServerSocket::getLocalPort).distinct().limit(count).toList();
    }

    /** Stops by PID: SIGTERM to all, waits 10 s, then SIGKILL to those left. Idempotent. */
    private synchronized void stopAll() {
        for (Node node : nodes) {
            node.process().destroy();
        }
        for (Node node : nodes) {
            try {
                if (!node.process().waitFor(10, TimeUnit.SECONDS)) {
                    node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or ran, nothing to remove.
                hook = null;
            }
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + root, e);
            }
        }
    }

    /** The data and log root, for a failed run's diagnosis (deleted by close()). */
    public Path root() {
        return root;
    }

    /** PIDs, for jcmd/JFR while a benchmark runs. */
    public List<Long> pids() {
        return nodes.stream().map(n -> n.process().pid()).toList();
    }
}
