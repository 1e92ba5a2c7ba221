package dev.registry.chaos.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One OS process the harness started (a node JVM, or a stand-in), known by its PID. The harness
 * only ever signals PIDs it started, never by name. Each start appends to the same log file, so
 * a node's restarts read as one story. Not thread-safe: driven by the nemesis thread only.
 */
public final class NodeProcess {
    private final String node;
    private final Path log;
    private Process process;
    private List<String> command;

    public NodeProcess(String node, Path log) {
        this.node = node;
        this.log = log;
    }

    public String node() {
        return node;
    }

    public void start(List<String> command) {
        if (alive()) {
            throw new IllegalStateException(node + " is already running as pid " + process.pid());
        }
        this.command = List.copyOf(command);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + node + ": " + command, e);
        }
    }

    /** The last command line, for restarts with the same flags. */
    public List<String> command() {
        return command;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /** Waits for the process to end after a signal; true if it did within the time. */
    public boolean awaitExit(long millis) {
        if (process == null) {
            return true;
        }
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path log() {
        return log;
    }
}
