package dev.registry.chaos.runner;

import dev.registry.chaos.net.Exec;
import dev.registry.chaos.net.Sandbox;
import dev.registry.chaos.report.RunReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole runner (network, processes, workload, nemesis, checkers, report) against three
 * {@link StandInRegistry} processes in namespaces: a correct stand-in passes with zero lost writes,
 * and the same build with dropped acknowledgements is caught and reported with its seed.
 */
@Timeout(240)
class StandInChaosRunTest {
    private static final String SCHEDULES = "kill-one,wipe-and-restart";

    @BeforeEach
    void sandbox() {
        Assumptions.assumeTrue(Sandbox.available(new Exec(20_000)),
                "unshare -rnmp with a private /run is not permitted here: kernel-level chaos skipped");
    }

    private static String launcher(String extra) {
        return String.join(" ", ChaosRuns.java(), "-Xmx96m", "-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true",
                "-cp", ChaosRuns.classpath(),
                StandInRegistry.class.getName()) + extra;
    }

    @Test
    void a_correct_registry_passes_every_checker_and_the_report_is_complete() throws Exception {
        ChaosRuns.Outcome o = ChaosRuns.run(ChaosRuns.targetDir().resolve("standin-run"), List.of("--mode", "short",
                "--seed", "42", "--schedules", "1", "--only", SCHEDULES + ",random-" + Long.toHexString(42 * 1_000_003L),
                "--unit-ms", "600", "--launcher", launcher("")), 200_000);
        RunReport r = o.report();
        String log = Files.readString(o.out().resolve("runner.log"));
        assertEquals(0, o.exitCode(), log);
        assertEquals(3, r.schedules(), log);
        assertTrue(r.valid(), log);
        assertEquals(0, r.lostWrites());
        assertEquals(0, r.resurrections());
        assertEquals(0, r.phantoms());
        assertTrue(r.ackedWrites() > 50, "the workload must have written: " + r.ackedWrites());
        assertTrue(r.maxConvergenceMillis() <= 5_000, log);
        assertTrue(r.faults().containsAll(List.of("kill", "wipe-restart", "heal")), r.faults()::toString);
        assertEquals(3, r.seeds().size());
        String html = Files.readString(o.out().resolve("chaos-report.html"));
        assertTrue(html.contains("<svg") && html.contains("kill n2"), "timeline with faults expected");
    }

    @Test
    void dropped_acknowledgements_are_caught_and_the_failure_names_its_seed() throws Exception {
        ChaosRuns.Outcome o = ChaosRuns.run(ChaosRuns.targetDir().resolve("standin-broken-run"), List.of("--mode", "short",
                "--seed", "7", "--schedules", "0", "--only", "isolate-one", "--unit-ms", "600",
                "--launcher", launcher(" --bug drop-ack")), 120_000);
        String log = Files.readString(o.out().resolve("runner.log"));
        assertEquals(1, o.exitCode(), log);
        assertFalse(o.report().valid());
        assertTrue(o.report().lostWrites() > 0, log);
        assertTrue(log.contains("replay: -Dchaos.seed=7 -Dchaos.only=isolate-one"), log);
        assertTrue(log.contains("lost chaos-0/"), log);
    }
}
