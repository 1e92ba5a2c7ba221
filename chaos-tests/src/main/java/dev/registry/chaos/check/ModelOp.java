package dev.registry.chaos.check;

import java.util.Comparator;
import java.util.Locale;

/**
 * One operation of a key as a node exposes it ({@code GET /v1/instances/{s}/{id}/history}):
 * kind, origin node, per-origin sequence, and the HLC stamp (wall millis + logical counter).
 * {@code opId} and {@code status} are filled when the node's history detail carries them.
 */
public record ModelOp(String kind, String origin, long sequence, long hlcMillis, int logical, String opId, String status) {

    /** The resolver's total order: HLC first, then the origin node id breaks ties. */
    public static final Comparator<ModelOp> STAMP_ORDER = Comparator
            .comparingLong(ModelOp::hlcMillis)
            .thenComparingInt(ModelOp::logical)
            .thenComparing(ModelOp::origin);

    /** DEREGISTER and EXPIRE leave tombstones. */
    public boolean tombstone() {
        String k = kind.toUpperCase(Locale.ROOT);
        return k.contains("DEREGISTER") || k.contains("EXPIRE");
    }

    /** Only a REGISTER (not an update or status change) creates or revives an instance. */
    public boolean register() {
        return !tombstone() && kind.toUpperCase(Locale.ROOT).contains("REGISTER");
    }

    /** Identity of an operation across nodes: an origin never reuses a sequence number. */
    public String id() {
        return origin + "#" + sequence;
    }
}
