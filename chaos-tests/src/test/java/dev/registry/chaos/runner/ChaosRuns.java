package dev.registry.chaos.runner;

import dev.registry.chaos.net.Sandbox;
import dev.registry.chaos.report.ReportWriter;
import dev.registry.chaos.report.RunReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link ChaosRunner} in a fresh sandbox from a JUnit test and reads back its report. */
final class ChaosRuns {
    record Outcome(int exitCode, RunReport report, Path out) {
    }

    private ChaosRuns() {
    }

    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path targetDir() {
        return Path.of(System.getProperty("chaos.targetDir", "target"));
    }

    static Outcome run(Path out, List<String> runnerArgs, long timeoutMillis) throws Exception {
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("chaos-report.json"));
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath(),
                ChaosRunner.class.getName(), "--out", out.toString()));
        command.addAll(runnerArgs);
        int exit = Sandbox.run(command, out.resolve("runner.log"), timeoutMillis);
        if (!Files.exists(out.resolve("chaos-report.json"))) {
            throw new AssertionError("no report written (exit " + exit + "); runner log:\n"
                    + Files.readString(out.resolve("runner.log")));
        }
        return new Outcome(exit, new ReportWriter().read(out), out);
    }
}
