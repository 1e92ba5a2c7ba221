package dev.registry.bench.membership;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up and failure-detection benchmark of Raft membership, with real processes (a registry node is
 * its own JVM): each member is a {@link MemberProcess} child JVM on loopback.
 *
 * <ul>
 *   <li>3 voters launched together: launch -> last member's start() done, and launch -> all READY
 *       (Raft leader elected, every member's session open and its ACTIVE record committed);</li>
 *   <li>standalone: launch -> start() done and -> READY, one JVM;</li>
 *   <li>kill -9 of a voter -> both survivors delivered the GONE event.</li>
 * </ul>
 * Times include JVM start-up. Reports every sample and the median.
 *
 * <p>Arguments: [runs (default 5)] [profile lan|local|test (default lan)]. The JVM must carry the Atomix
 * --add-opens flags; children inherit them.
 */
public final class MembershipStartupBench {
    private static final long STEP_TIMEOUT_MILLIS = 60_000;

    private MembershipStartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String profile = args.length > 1 ? args[1] : "lan";
        Map<String, List<Long>> samples = new java.util.LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            threeVoters(profile, samples);
            standalone(profile, samples);
        }
        System.out.println("profile " + profile + ", " + runs + " runs, cores " + Runtime.getRuntime().availableProcessors());
        samples.forEach((name, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            System.out.printf("%-40s median %6d ms   samples %s%n", name, sorted.get(sorted.size() / 2), values);
        });
    }

    private static void threeVoters(String profile, Map<String, List<Long>> samples) throws Exception {
        Path root = Files.createTempDirectory("membership-bench");
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            voters.add("v" + i + "@127.0.0.1:" + freePort());
        }
        List<Child> children = new ArrayList<>();
        try {
            long launch = System.currentTimeMillis();
            for (String v : voters) {
                children.add(Child.launch(v, profile, root, voters));
            }
            long started = 0;
            long ready = 0;
            for (Child c : children) {
                started = Math.max(started, c.await("STARTED"));
                ready = Math.max(ready, c.await("READY"));
            }
            add(samples, "3 voters: launch -> start() done", started - launch);
            add(samples, "3 voters: launch -> all ready", ready - launch);
            add(samples, "3 voters: JVM start -> ready (v0)", children.get(0).await("READY") - children.get(0).await("JVM"));

            long kill = System.currentTimeMillis();
            children.get(2).process.destroyForcibly();
            long gone = Math.max(children.get(0).await("GONE v2"), children.get(1).await("GONE v2"));
            add(samples, "kill -9 voter -> GONE on both survivors", gone - kill);
        } finally {
            children.forEach(Child::stop);
            deleteTree(root);
        }
    }

    private static void standalone(String profile, Map<String, List<Long>> samples) throws Exception {
        Path root = Files.createTempDirectory("membership-bench");
        String self = "solo@127.0.0.1:" + freePort();
        Child child = null;
        try {
            long launch = System.currentTimeMillis();
            child = Child.launch(self, profile, root, List.of(self));
            add(samples, "standalone: launch -> start() done", child.await("STARTED") - launch);
            add(samples, "standalone: launch -> ready", child.await("READY") - launch);
            add(samples, "standalone: JVM start -> ready", child.await("READY") - child.await("JVM"));
        } finally {
            if (child != null) {
                child.stop();
            }
            deleteTree(root);
        }
    }

    private static void add(Map<String, List<Long>> samples, String name, long millis) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(millis);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A member JVM and the timestamps it reported, keyed by the line's first words. */
    private static final class Child {
        final Process process;
        final Map<String, Long> seen = new ConcurrentHashMap<>();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "bench-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child launch(String seed, String profile, Path root, List<String> voters) throws IOException {
            String id = seed.substring(0, seed.indexOf('@'));
            String port = seed.substring(seed.lastIndexOf(':') + 1);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx") || a.startsWith("-XX:"))
                    .forEach(command::add);
            command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemberProcess.class.getName(),
                    id, port, profile, root.resolve(id).toString()));
            command.addAll(voters);
            return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    int last = line.lastIndexOf(' ');
                    if (last > 0) {
                        try {
                            seen.putIfAbsent(line.substring(0, last), Long.parseLong(line.substring(last + 1)));
                        } catch (NumberFormatException ignored) {
                            // not a timestamp line
                        }
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // child gone
            }
        }

        long await(String key) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MILLIS);
            while (!seen.containsKey(key)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no '" + key + "' within " + STEP_TIMEOUT_MILLIS + " ms; saw " + seen);
                }
                lines.poll(10, TimeUnit.MILLISECONDS);
            }
            return seen.get(key);
        }

        void stop() {
            try (Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("quit\n");
            } catch (IOException ignored) {
                // already dead
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
