package dev.registry.bench.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * Wire-level byte counting and polling for the runners. In a fresh network namespace ({@code unshare -rn},
 * see {@code src/main/sh/in-netns.sh}) the {@code lo} interface carries only this JVM's traffic, so its
 * transmitted-bytes counter is an exact count of what every protocol put on the wire (TCP/IP headers
 * included); loopback transmits each packet once.
 */
final class Loopback {

    private Loopback() {
    }

    /** Bytes transmitted on {@code lo} so far, or -1 when /proc/net/dev has no lo line. */
    static long txBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
                String trimmed = line.trim();
                if (trimmed.startsWith("lo:")) {
                    String[] fields = trimmed.substring(3).trim().split("\\s+");
                    return Long.parseLong(fields[8]); // receive has 8 fields; transmit bytes come next
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when this JVM runs in its own network namespace (the runner script exports the marker). */
    static boolean privateNamespace() {
        return "1".equals(System.getenv("REPL_BENCH_NETNS"));
    }

    /**
     * Polls {@code condition} every {@code pollMillis} until it holds; returns the nanoseconds waited, or
     * throws once {@code timeoutMillis} passed.
     */
    static long until(BooleanSupplier condition, long timeoutMillis, long pollMillis, String what) {
        long start = System.nanoTime();
        long deadline = start + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            LockSupport.parkNanos(pollMillis * 1_000_000L);
        }
        return System.nanoTime() - start;
    }

    static void pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * A full collection before a measured window (both systems get one at the same point), so that the
     * window does not pay for the garbage of the phase before it: a young collection of the load phase's
     * survivors landing just after the heal took a third of one measured convergence.
     */
    static void collectGarbage() {
        System.gc();
    }
}
