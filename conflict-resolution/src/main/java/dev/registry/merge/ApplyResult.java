package dev.registry.merge;

import dev.registry.model.InstanceKey;
import dev.registry.model.InstanceState;
import dev.registry.oplog.Operation;

/**
 * What one apply (or snapshot-record merge) did to the visible state.
 *
 * @param op           the operation applied; null when a snapshot record was merged
 * @param before       the visible instance before, or null if it was not visible
 * @param after        the visible instance after, or null if it is not visible
 * @param serviceIndex the service's index after this apply ({@link RegistryState#serviceIndex})
 */
public record ApplyResult(Operation op, InstanceKey key, Change change, InstanceState before,
                          InstanceState after, long serviceIndex) {

    public enum Change {
        /** Became visible. */
        REGISTERED,
        /** Visible before and after, and some register (a value or its stamp) changed. */
        UPDATED,
        /** Stopped being visible because a DEREGISTER tombstone won. */
        DEREGISTERED,
        /** Stopped being visible because an EXPIRE tombstone won. */
        EXPIRED,
        /** No visible change: a duplicate, a losing operation, or a change to an invisible key. */
        NONE
    }

    public boolean changed() {
        return change != Change.NONE;
    }
}
