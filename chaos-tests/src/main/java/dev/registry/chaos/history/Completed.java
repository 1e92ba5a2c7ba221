package dev.registry.chaos.history;

/**
 * An invocation paired with its completion. A missing completion (the run ended first) counts as
 * INFO: the operation may take effect at any time after its invocation, Jepsen's rule.
 */
public record Completed(Op invoke, Op completion) {

    /** Completion time, or Long.MAX_VALUE when the operation never completed. */
    public long endNanos() {
        return completion == null ? Long.MAX_VALUE : completion.timeNanos();
    }

    public long startNanos() {
        return invoke.timeNanos();
    }

    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public boolean ok() {
        return outcome() == OpType.OK;
    }

    /** Not definitely failed: an OK, or an INFO that may still take effect. */
    public boolean mayHaveHappened() {
        return outcome() != OpType.FAIL;
    }

    public OpKind kind() {
        return invoke.kind();
    }

    public String key() {
        return invoke.key();
    }

    public String node() {
        return invoke.node();
    }
}
