package dev.registry.node.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends and prints each acknowledged record; SIGKILL (destroyForcibly) hits it
 * mid-stream; reopening the log must find every acknowledged record with its content. Twice, so the second
 * run also proves a recovered log keeps appending correctly.
 */
@Timeout(120)
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 1500;

    @TempDir
    Path temp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception {
        Path logDir = temp.resolve("log");
        Map<Long, String> acknowledged = new HashMap<>();
        for (String run : List.of("a", "b")) {
            Map<Long, String> acks = runAndKill(logDir, run);
            assertTrue(acks.size() >= ACKS_BEFORE_KILL, "acks " + acks.size());
            acks.forEach((number, key) -> {
                String earlier = acknowledged.put(number, key);
                assertEquals(null, earlier, "record " + number + " acknowledged twice");
            });
            verify(logDir, acknowledged);
        }
    }

    private void verify(Path logDir, Map<Long, String> acknowledged) throws IOException {
        Map<Long, String> stored = new HashMap<>();
        try (DurableLog log = DurableLog.open(logDir, StorageConfig.test())) {
            log.replay(1, (number, body) -> {
                String text = new String(body, StandardCharsets.UTF_8);
                stored.put(number, text.substring(0, text.indexOf('|')));
                assertEquals(new String(KillNineChild.payload(stored.get(number)), StandardCharsets.UTF_8), text);
            });
            assertEquals(log.lastDurableRecord(), stored.size(), "records are numbered 1..n without gaps");
        }
        acknowledged.forEach((number, key) ->
                assertEquals(key, stored.get(number), "acknowledged record " + number + " after kill -9"));
    }

    /** Starts a child on the log, waits for enough acknowledgements, SIGKILLs it; returns number -> key. */
    private Map<Long, String> runAndKill(Path logDir, String run) throws Exception {
        Path stderr = temp.resolve("child-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", childClasspath(), KillNineChild.class.getName(),
                logDir.toString(), "4", run);
        builder.redirectError(stderr.toFile());
        Process child = builder.start();
        children.add(child);
        Map<Long, String> acks = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> readAcks(child, acks), "kill-nine-reader-" + run);
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> acks.size() >= ACKS_BEFORE_KILL || !child.isAlive());
        assertTrue(child.isAlive(), () -> "child died early: " + readQuietly(stderr));
        child.destroyForcibly();
        assertEquals(137, child.waitFor(), "killed by SIGKILL");
        reader.join(10_000);
        return acks;
    }

    private static void readAcks(Process child, Map<Long, String> acks) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] parts = line.split(" ");
                // A line cut by the kill lacks its END marker: that ack never fully reached us, skip it.
                if (parts.length == 4 && parts[0].equals("ACK") && parts[3].equals("END")) {
                    acks.put(Long.parseLong(parts[1]), parts[2]);
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child dies
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Test classes, main classes and the logging jars: all the child needs, found from where they loaded. */
    private static String childClasspath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(KillNineChild.class, DurableLog.class, org.slf4j.LoggerFactory.class)) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        try {
            Class<?> binding = Class.forName("org.slf4j.impl.StaticLoggerBinder");
            entries.add(Path.of(binding.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (ClassNotFoundException e) {
            // no binding on the test classpath: the child logs nothing, which is fine
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
