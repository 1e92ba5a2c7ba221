package dev.registry.chaos.workload;

import dev.registry.chaos.history.OpType;

/**
 * How one HTTP request ended, already classified for the history: OK (2xx); FAIL when the request
 * certainly had no effect (refused connection, connect timeout, a 4xx refusal); INFO when it may
 * have taken effect (a read timeout after sending, a reset, a 5xx: the node may have appended
 * before failing to answer).
 */
public record Reply(OpType type, int status, String body, String error) {

    public static Reply ok(int status, String body) {
        return new Reply(OpType.OK, status, body, null);
    }

    public static Reply fail(int status, String error) {
        return new Reply(OpType.FAIL, status, null, error);
    }

    public static Reply unknown(int status, String error) {
        return new Reply(OpType.INFO, status, null, error);
    }

    public boolean ok() {
        return type == OpType.OK;
    }
}
