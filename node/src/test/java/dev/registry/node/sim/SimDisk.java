package dev.registry.node.sim;

import dev.registry.merge.ReplicaSnapshot;
import dev.registry.oplog.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * What survives a simulated crash, as {@code RegistryStore} keeps it: the identity (origin id), the
 * newest state snapshot and the log records made durable after it, in append order. A wiped disk is
 * a new empty instance (origin null: the next start picks a new incarnation, rule D2).
 */
final class SimDisk {

    String origin;
    ReplicaSnapshot snapshot;
    List<Operation> log = new ArrayList<>();

    /** Drops the first {@code covered} records: a snapshot covering them is durable now (M3). */
    void truncateCovered(ReplicaSnapshot newSnapshot, int covered) {
        snapshot = newSnapshot;
        log = new ArrayList<>(log.subList(Math.min(covered, log.size()), log.size()));
    }
}
