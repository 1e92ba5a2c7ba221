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

    /**
     * Only a REGISTER (not an update or status change) creates or revives an instance. A node that
     * compacted its log shows the winning liveness stamp instead, as ALIVE.
     */
    public boolean register() {
        String k = kind.toUpperCase(Locale.ROOT);
        return k.equals("REGISTER") || k.equals("ALIVE");
    }

    /**
     * A compacted registration register. The node lists each surviving stamp once, so when the
     * liveness stamp is the registration's own (one REGISTER set both) only REGISTRATION shows:
     * it then stands for that REGISTER. When an explicit REGISTER/ALIVE is present, the
     * REGISTRATION stamp came from an UPDATE and revives nothing.
     */
    public boolean compactedRegistration() {
        return kind.toUpperCase(Locale.ROOT).equals("REGISTRATION");
    }

    /**
     * Identity across nodes. Compacted entries carry sequence 0, so the stamp and kind take part;
     * the same operation seen from the log on one node and compacted on another appears twice
     * with one stamp, which the fold tolerates (same stamp, same effect).
     */
    public String id() {
        return origin + "#" + sequence + "#" + hlcMillis + "." + logical + "#" + kind;
    }
}
