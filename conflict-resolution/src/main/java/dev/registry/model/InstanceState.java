package dev.registry.model;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.oplog.Stamp;

/**
 * A visible (live) instance as the materialized state shows it: the value of each register plus
 * the stamp of the operation that won it. Immutable snapshot; the state builds one on demand.
 *
 * @param registeredAt wall millis of the HLC of the winning REGISTER (the liveness register)
 * @param updatedAt    wall millis of the newest winning stamp over all registers
 */
public record InstanceState(
        InstanceKey key,
        Registration registration,
        InstanceStatus status,
        Health health,
        String owner,
        long registeredAt,
        long updatedAt,
        Stamp registrationStamp,
        Stamp statusStamp,
        Stamp healthStamp,
        Stamp ownerStamp,
        Stamp livenessStamp) {

    /** The HTTP shape of this instance. */
    public InstanceView view() {
        Registration r = registration;
        return new InstanceView(key.service(), key.id(), r.host(), r.port(), r.weight(), r.zone(), r.tags(),
                r.metadata(), status, health, r.ttlSeconds(), owner, registeredAt, updatedAt);
    }

    /** Declared UP and not failing its health checks. */
    public boolean healthy() {
        return status == InstanceStatus.UP && health != Health.CRITICAL;
    }
}
