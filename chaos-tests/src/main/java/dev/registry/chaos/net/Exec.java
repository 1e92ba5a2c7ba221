package dev.registry.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short administrative commands (ip, tc, iptables, kill) to completion. Blocking; any thread.
 * A command that exits non-zero throws with its output, so a harness never half-applies a fault
 * silently; {@link #attempt} is for best-effort cleanup.
 */
public final class Exec {
    private final long timeoutMillis;

    public Exec(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public record Result(int exitCode, String output) {
    }

    public String run(List<String> command) {
        Result r = attempt(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("command failed (" + r.exitCode() + "): " + String.join(" ", command)
                    + "\n" + r.output());
        }
        return r.output();
    }

    public String run(String... command) {
        return run(List.of(command));
    }

    public Result attempt(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(124, "timed out after " + timeoutMillis + " ms: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(1, e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    public Result attempt(String... command) {
        return attempt(List.of(command));
    }
}
