package dev.registry.chaos.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable history: ops in index order, with invocations paired to completions by opId. */
public final class History {
    private final List<Op> ops;
    private final List<Completed> completed;

    public History(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.completed = pair(this.ops);
    }

    public List<Op> ops() {
        return ops;
    }

    /** Every client invocation (nemesis entries excluded), in invocation order. */
    public List<Completed> completed() {
        return completed;
    }

    public List<Completed> completed(OpKind kind) {
        return completed.stream().filter(c -> c.kind() == kind).toList();
    }

    /** Client writes grouped by key, each list in invocation order. */
    public Map<String, List<Completed>> writesByKey() {
        Map<String, List<Completed>> byKey = new LinkedHashMap<>();
        for (Completed c : completed) {
            if (c.key() != null && c.kind() != OpKind.READ && c.kind() != OpKind.DIGEST) {
                byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
            }
        }
        return byKey;
    }

    public List<Op> nemesis() {
        return ops.stream().filter(o -> o.process() == Op.NEMESIS_PROCESS).toList();
    }

    public long endNanos() {
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).timeNanos();
    }

    private static List<Completed> pair(List<Op> ops) {
        Map<String, Op> open = new HashMap<>();
        List<Op> invokes = new ArrayList<>();
        Map<String, Op> done = new HashMap<>();
        for (Op op : ops) {
            if (op.process() == Op.NEMESIS_PROCESS) {
                continue;
            }
            if (op.isInvoke()) {
                if (open.put(op.opId(), op) != null || done.containsKey(op.opId())) {
                    throw new IllegalArgumentException("opId invoked twice: " + op.opId());
                }
                invokes.add(op);
            } else {
                Op inv = open.remove(op.opId());
                if (inv == null) {
                    throw new IllegalArgumentException("completion without invocation: " + op);
                }
                done.put(op.opId(), op);
            }
        }
        List<Completed> out = new ArrayList<>(invokes.size());
        for (Op inv : invokes) {
            out.add(new Completed(inv, done.get(inv.opId())));
        }
        return Collections.unmodifiableList(out);
    }
}
