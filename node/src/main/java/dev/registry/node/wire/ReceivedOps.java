package dev.registry.node.wire;

import dev.registry.oplog.Operation;
import java.util.AbstractList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Operations decoded from a peer's message, each with the bytes it came in. The durable log stores an
 * operation as its class tag followed by exactly those bytes, so a received batch is persisted as it came
 * instead of being encoded again on the registry thread. Immutable as a list; confined to one thread at a
 * time (decoded on a messaging thread, then handed to the registry thread).
 */
public final class ReceivedOps extends AbstractList<Operation> implements RandomAccess {

    private final Operation[] ops;
    private final byte[] source;
    /** {@code ops[i]} was decoded from {@code source[starts[i] .. starts[i + 1])}. */
    private final int[] starts;
    private final byte[] tag;
    private int cursor;
    private Map<Operation, Integer> positions;

    ReceivedOps(Operation[] ops, byte[] source, int[] starts, byte[] tag) {
        this.ops = ops;
        this.source = source;
        this.starts = starts;
        this.tag = tag;
    }

    @Override
    public Operation get(int index) {
        return ops[index];
    }

    @Override
    public int size() {
        return ops.length;
    }

    /**
     * The log record of {@code op} if it is one of these operations (the same instance), else null. Asked
     * in list order (the usual case: the applied subset of a batch, in order) it costs O(1) per call.
     */
    public byte[] recordOf(Operation op) {
        int at = cursor < ops.length && ops[cursor] == op ? cursor : positionOf(op);
        if (at < 0) {
            return null;
        }
        cursor = at + 1;
        byte[] record = new byte[tag.length + starts[at + 1] - starts[at]];
        System.arraycopy(tag, 0, record, 0, tag.length);
        System.arraycopy(source, starts[at], record, tag.length, starts[at + 1] - starts[at]);
        return record;
    }

    private int positionOf(Operation op) {
        if (positions == null) {
            positions = new IdentityHashMap<>(ops.length * 2);
            for (int i = 0; i < ops.length; i++) {
                positions.put(ops[i], i);
            }
        }
        Integer at = positions.get(op);
        return at == null ? -1 : at;
    }
}
