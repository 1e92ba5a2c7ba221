package dev.registry.chaos.check;

import dev.registry.chaos.history.History;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.Op;
import dev.registry.chaos.history.OpKind;
import dev.registry.chaos.history.OpType;
import dev.registry.chaos.history.ReadEntry;

import java.util.List;

/** Hand-written histories on a virtual millisecond clock, for checker unit tests. */
final class Histories {
    private final long[] nowNanos = {0};
    private final HistoryRecorder rec = new HistoryRecorder(() -> nowNanos[0], "t-");

    Histories at(long millis) {
        nowNanos[0] = millis * 1_000_000L;
        return this;
    }

    Op invoke(int process, OpKind kind, String node, String key, String value) {
        return rec.invoke(process, kind, node, key, value, rec.nextOpId());
    }

    Op complete(Op invoke, OpType type) {
        return rec.complete(invoke, type, null, List.of(), type == OpType.OK ? null : "timeout");
    }

    Op completeVia(Op invoke, String node, OpType type) {
        return rec.complete(invoke, node, type, null, List.of(), null);
    }

    /** An OK write from {@code start} to {@code end} ms; returns the invocation. */
    Op write(int process, OpKind kind, String node, String key, String payload, long start, long end) {
        at(start);
        Op inv = invoke(process, kind, node, key, payload);
        at(end);
        complete(inv, OpType.OK);
        return inv;
    }

    void read(String node, long atMillis, ReadEntry... entries) {
        at(atMillis);
        Op inv = rec.invoke(9, OpKind.READ, node, null, null, rec.nextOpId());
        rec.complete(inv, OpType.OK, null, List.of(entries), null);
    }

    void nemesis(long atMillis, String nodes, String description) {
        at(atMillis);
        rec.nemesis(nodes, description);
    }

    History history() {
        return rec.snapshot();
    }

    static ReadEntry entry(String key, Op register) {
        return new ReadEntry(key, register.value(), register.opId(), "UP");
    }
}
