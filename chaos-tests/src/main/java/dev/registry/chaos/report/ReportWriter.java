package dev.registry.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code chaos-report.json} and {@code chaos-report.html} into the target directory. */
public final class ReportWriter {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunReport write(Path dir, String mode, long runSeed, String networkNemesis, List<ScheduleResult> results) {
        RunReport report = RunReport.of(mode, runSeed, networkNemesis, results);
        try {
            Files.createDirectories(dir);
            json.writeValue(dir.resolve("chaos-report.json").toFile(), report);
            Files.writeString(dir.resolve("chaos-report.html"), new TimelinePage().render(report, results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos report to " + dir, e);
        }
        return report;
    }

    public RunReport read(Path dir) {
        try {
            return json.readValue(dir.resolve("chaos-report.json").toFile(), RunReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("chaos-report.json"), e);
        }
    }
}
