package dev.registry.chaos.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a command inside {@code unshare -rnmp --fork --kill-child --mount-proc}: a fresh user, network,
 * mount and PID namespace with a private tmpfs on /run (so {@code ip netns} works rootless) and
 * CHAOS_NETNS=1. When the command ends, or this JVM kills the unshare process, the kernel kills
 * every process of the PID namespace and drops every namespace, veth, ifb and rule created in it:
 * nothing can be left behind. Works as root and rootless where user namespaces are allowed.
 */
public final class Sandbox {
    private static final List<String> UNSHARE = List.of("unshare", "-rnmp", "--fork", "--kill-child", "--mount-proc");

    private Sandbox() {
    }

    /** Whether this machine lets us create the sandbox (checked by actually creating one). */
    public static boolean available(Exec exec) {
        List<String> probe = new ArrayList<>(UNSHARE);
        probe.addAll(List.of("bash", "-c", "mount -t tmpfs tmpfs /run && ip link add b0 type bridge && ip link del b0"));
        return exec.attempt(probe).exitCode() == 0;
    }

    /**
     * Runs {@code command} in a fresh sandbox, output to {@code log}. Returns the exit code, or
     * throws after killing the whole sandbox (by the unshare PID and its descendants) on timeout.
     */
    public static int run(List<String> command, Path log, long timeoutMillis) throws InterruptedException, IOException {
        String inner = "set -e; mount -t tmpfs tmpfs /run; mkdir -p /run/netns; export CHAOS_NETNS=1; "
                + command.stream().map(Sandbox::quote).collect(Collectors.joining(" "));
        List<String> full = new ArrayList<>(UNSHARE);
        full.addAll(List.of("bash", "-c", inner));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("sandboxed run exceeded " + timeoutMillis + " ms; killed. Log: " + log);
            }
            return p.exitValue();
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
