package dev.registry.chaos.process;

import dev.registry.chaos.net.Exec;

/**
 * Process faults by PID with {@code kill -s SIG <pid>} (never pkill): SIGKILL crashes the JVM with
 * no chance to flush; SIGSTOP freezes it (the kernel still completes TCP handshakes from its
 * backlog, requests then time out); SIGCONT resumes it; SIGTERM asks for the graceful shutdown.
 */
public final class ProcessNemesis {
    private final Exec exec;

    public ProcessNemesis(Exec exec) {
        this.exec = exec;
    }

    public void kill(NodeProcess p) {
        signal(p, "KILL");
        if (!p.awaitExit(10_000)) {
            throw new IllegalStateException(p.node() + " survived SIGKILL");
        }
    }

    public void pause(NodeProcess p) {
        signal(p, "STOP");
    }

    public void resume(NodeProcess p) {
        signal(p, "CONT");
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code graceMillis}. */
    public void stop(NodeProcess p, long graceMillis) {
        if (!p.alive()) {
            return;
        }
        signal(p, "CONT");
        signal(p, "TERM");
        if (!p.awaitExit(graceMillis)) {
            kill(p);
        }
    }

    private void signal(NodeProcess p, String signal) {
        if (!p.alive()) {
            return;
        }
        long pid = p.pid().orElseThrow();
        exec.run("kill", "-s", signal, Long.toString(pid));
    }
}
