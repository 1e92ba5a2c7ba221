package dev.registry.sim;

import dev.registry.clock.Hlc;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;

import java.util.List;

/**
 * The reference replica protocol of {@link ReplicaProcess}: push of new operations, and pull
 * anti-entropy (send my vector, get what I lack, or a snapshot if it was compacted away). Pull and
 * its reply carry the sender's durable report ({@code durable}, {@code durableClock}) for
 * {@link dev.registry.merge.Stability}.
 */
public sealed interface GossipMessage {

    record Push(List<Operation> ops) implements GossipMessage {
    }

    record Pull(VersionVector have, VersionVector durable, Hlc durableClock) implements GossipMessage {
    }

    record Ops(List<Operation> ops, VersionVector durable, Hlc durableClock) implements GossipMessage {
    }

    record Snapshot(ReplicaSnapshot snapshot) implements GossipMessage {
    }
}
