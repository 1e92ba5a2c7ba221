package dev.registry.oplog;

import dev.registry.clock.Hlc;
import dev.registry.model.InstanceKey;

/**
 * One replicated registration operation. {@code seq} starts at 1 and is gapless per origin;
 * {@code hlc} comes from the origin's hybrid clock, so (hlc, origin) is unique per operation.
 */
public record Operation(String origin, long seq, Hlc hlc, InstanceKey key, OpPayload payload) {

    public Operation {
        if (origin == null || origin.isEmpty()) {
            throw new IllegalArgumentException("operation needs an origin");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1: " + seq);
        }
        if (hlc == null || key == null || payload == null) {
            throw new IllegalArgumentException("operation needs an hlc, a key and a payload");
        }
    }

    public Stamp stamp() {
        return new Stamp(hlc, origin);
    }

    public OpKind kind() {
        return payload.kind();
    }
}
