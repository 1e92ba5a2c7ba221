package dev.registry.node.gossip;

import dev.registry.clock.Hlc;
import dev.registry.merge.Replica;
import dev.registry.oplog.VersionVector;

/**
 * What a node may promise peers it holds: the vector and clock of state that survives a crash. Every
 * vector and clock a node puts in a gossip message is read from here (rule G5), because peers compact
 * their logs and collect tombstones on the strength of these reports.
 */
public interface DurableState {

    VersionVector vector();

    Hlc clock();

    /** A replica durable as soon as it applies (simulations that model no disk). */
    static DurableState ofApplied(Replica replica) {
        return new DurableState() {
            @Override
            public VersionVector vector() {
                return replica.vector();
            }

            @Override
            public Hlc clock() {
                return replica.clock().current();
            }
        };
    }
}
