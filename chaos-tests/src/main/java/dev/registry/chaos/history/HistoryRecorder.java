package dev.registry.chaos.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Appends ops from many client threads and the nemesis thread. Thread-safe: index assignment and
 * the clock read happen under one lock so that index order equals time order. The clock is
 * injected (System::nanoTime in runs, a counter in tests) and read relative to the first reading.
 */
public final class HistoryRecorder {
    private final LongSupplier nanoClock;
    private final long originNanos;
    private final List<Op> ops = new ArrayList<>();
    private final AtomicLong opIds = new AtomicLong();
    private final String opIdPrefix;

    public HistoryRecorder(LongSupplier nanoClock, String opIdPrefix) {
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong();
        this.opIdPrefix = opIdPrefix;
    }

    /** A fresh opId, unique within this run (prefix + counter). */
    public String nextOpId() {
        return opIdPrefix + opIds.incrementAndGet();
    }

    public long nowNanos() {
        return nanoClock.getAsLong() - originNanos;
    }

    public Op invoke(int process, OpKind kind, String node, String key, String value, String opId) {
        return append(process, OpType.INVOKE, kind, node, key, value, opId, List.of(), null);
    }

    public Op complete(Op invoke, OpType type, String value, List<ReadEntry> read, String error) {
        return complete(invoke, invoke.node(), type, value, read, error);
    }

    /** A completion answered by {@code node}, which differs from the invoked one after a client failover. */
    public Op complete(Op invoke, String node, OpType type, String value, List<ReadEntry> read, String error) {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion cannot be an INVOKE");
        }
        String v = value != null ? value : invoke.value();
        return append(invoke.process(), type, invoke.kind(), node, invoke.key(), v, invoke.opId(), read, error);
    }

    /** A fault or heal, recorded as an instantaneous nemesis entry. */
    public Op nemesis(String nodes, String description) {
        return append(Op.NEMESIS_PROCESS, OpType.INFO, OpKind.NEMESIS, nodes, null, description, nextOpId(), List.of(), null);
    }

    public synchronized History snapshot() {
        return new History(ops);
    }

    private synchronized Op append(int process, OpType type, OpKind kind, String node, String key,
                                   String value, String opId, List<ReadEntry> read, String error) {
        Op op = new Op(ops.size(), nowNanos(), process, type, kind, node, key, value, opId, read, error);
        ops.add(op);
        return op;
    }
}
