package dev.registry.chaos.net;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel-level harness end to end with stand-in processes: a silent isolate (timeouts, not
 * refusals) that heals, ingress cuts and loss with tc (and iptables when installed), SIGSTOP,
 * SIGCONT and SIGKILL by PID; then, from outside, no process and no namespace is left behind.
 */
@Timeout(120)
class NetnsPlumbingTest {

    @Test
    void faults_work_on_real_sockets_and_nothing_is_left_behind() throws Exception {
        Exec exec = new Exec(20_000);
        Assumptions.assumeTrue(Sandbox.available(exec),
                "unshare -rnmp with a private /run is not permitted here: kernel-level chaos skipped");
        Path dir = Files.createDirectories(Path.of(System.getProperty("chaos.targetDir", "target"), "plumbing"));
        Path result = dir.resolve("result.txt");
        Files.deleteIfExists(result);
        String marker = "chaos-plumbing-" + UUID.randomUUID();
        String cp = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        int exit = Sandbox.run(List.of(java, "-Xmx128m", "-cp", cp, PlumbingMain.class.getName(),
                result.toString(), marker, cp), dir.resolve("sandbox.log"), 90_000);

        List<String> lines = Files.readAllLines(result);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("FAIL")), () -> String.join("\n", lines));
        assertEquals(0, exit, () -> String.join("\n", lines));
        assertTrue(lines.stream().filter(l -> l.startsWith("PASS")).count() >= 14, () -> String.join("\n", lines));
        assertEquals(3, lines.stream().filter(l -> l.startsWith("PID")).count());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> processesWith(marker) == 0);
        String outside = exec.run("ip", "netns", "list");
        assertTrue(!outside.contains("pl-n"), "namespaces leaked to the host: " + outside);
    }

    private static long processesWith(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> cmdline(p).contains(marker)).count();
        }
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
