package dev.registry.merge;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.Stamp;

/**
 * Every register of one key with the stamp that wrote it, visible or not: the unit of a state
 * snapshot. A register never written has a null value and a null stamp. Merging a record into a
 * state is the same join as applying the operations that produced it.
 */
public record KeyRecord(
        InstanceKey key,
        Registration registration, Stamp registrationStamp,
        InstanceStatus status, Stamp statusStamp,
        Health health, Stamp healthStamp,
        String owner, Stamp ownerStamp,
        Liveness liveness, Stamp livenessStamp) {

    public KeyRecord {
        if (key == null) {
            throw new IllegalArgumentException("key record needs a key");
        }
        pair("registration", registration, registrationStamp);
        pair("status", status, statusStamp);
        pair("health", health, healthStamp);
        pair("owner", owner, ownerStamp);
        pair("liveness", liveness, livenessStamp);
        if (liveness == Liveness.ALIVE && (registration == null || status == null || health == null
                || owner == null)) {
            // A REGISTER wrote the liveness register, and it writes every register alongside.
            throw new IllegalArgumentException("an alive key record must have every register: " + key);
        }
    }

    private static void pair(String register, Object value, Stamp stamp) {
        if ((value == null) != (stamp == null)) {
            throw new IllegalArgumentException(register + " register needs both a value and a stamp, or neither");
        }
    }

    /** Visible iff the liveness register says alive and a registration exists. */
    public boolean visible() {
        return liveness == Liveness.ALIVE && registration != null;
    }
}
