package dev.registry.chaos.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.registry.chaos.check.CheckResult;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    private static ScheduleResult schedule(String name, long seed, long lost, long convergence) {
        AtomicLong clock = new AtomicLong();
        HistoryRecorder rec = new HistoryRecorder(() -> clock.addAndGet(100_000_000L), "x-");
        Op a = rec.invoke(1, OpKind.REGISTER, "n1", "s/a", "p", rec.nextOpId());
        rec.complete(a, OpType.OK, null, List.of(), null);
        rec.nemesis("n2", "kill n2");
        Op b = rec.invoke(2, OpKind.REGISTER, "n2", "s/b", "q", rec.nextOpId());
        rec.complete(b, OpType.INFO, null, List.of(), "timeout");
        rec.nemesis("n1,n2,n3", "heal");
        List<CheckResult> checks = List.of(
                new CheckResult("set-full", lost == 0, Map.of("acked", 1L, "lost", lost), lost == 0 ? List.of() : List.of("lost s/a")),
                new CheckResult("resurrection", true, Map.of("resurrections", 0L), List.of()),
                new CheckResult("phantom", true, Map.of("phantoms", 0L), List.of()),
                new CheckResult("convergence", convergence >= 0, Map.of("convergenceMillis", convergence), List.of()),
                new CheckResult("failover", true, Map.of("maxFailoverMillis", 900L), List.of()));
        return ScheduleResult.from(name, seed, "schedule " + name + " seed=" + seed, rec.snapshot(), checks,
                List.of("n1", "n2", "n3"), "h.jsonl");
    }

    @Test
    void the_json_report_has_the_gate_fields_and_the_html_a_timeline(@TempDir Path dir) throws Exception {
        List<ScheduleResult> results = List.of(schedule("kill-one", 11, 0, 120), schedule("random-7", 7, 2, 300));
        RunReport report = new ReportWriter().write(dir, "short", 5, "iptables", results);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("chaos-report.json").toFile());
        for (String field : List.of("schedules", "faults", "operations", "ackedWrites", "lostWrites", "resurrections",
                "phantoms", "maxConvergenceMillis", "maxFailoverMillis", "seeds", "results")) {
            assertTrue(json.has(field), "missing " + field);
        }
        assertEquals(2, json.get("schedules").asInt());
        assertEquals(2, json.get("lostWrites").asLong());
        assertEquals(300, json.get("maxConvergenceMillis").asLong());
        assertEquals(List.of(11L, 7L), report.seeds());
        assertEquals(List.of("heal", "kill"), report.faults());
        assertFalse(report.valid());
        assertEquals(report, new ReportWriter().read(dir));

        String html = Files.readString(dir.resolve("chaos-report.html"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("kill n2"), "the fault span names its action");
        assertTrue(html.contains("-Dchaos.seed=7 -Dchaos.only=random-7"), "a failed schedule shows how to replay it");
        assertFalse(html.contains("-Dchaos.only=kill-one"), "a passed schedule needs no replay line");
    }

    @Test
    void a_schedule_that_never_converged_fails_the_convergence_gate() {
        ScheduleResult never = schedule("isolate-one", 1, 0, -1);
        assertEquals(Long.MAX_VALUE, never.convergenceMillis());
        assertEquals(Long.MAX_VALUE, RunReport.of("short", 1, "tc", List.of(never)).maxConvergenceMillis());
    }
}
