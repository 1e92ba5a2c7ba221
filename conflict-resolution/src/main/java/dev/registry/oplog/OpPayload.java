package dev.registry.oplog;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.model.Registration;

/**
 * What an operation does to its key. Which registers each kind writes (README rules C3-C6):
 * REGISTER writes all of them (health resets to PASSING, liveness to alive); UPDATE the
 * registration; SET_STATUS the status; SET_HEALTH the health; ADOPT the lease owner;
 * DEREGISTER and EXPIRE the liveness register (a tombstone).
 */
public sealed interface OpPayload {

    OpKind kind();

    record Register(Registration registration, InstanceStatus status, String owner) implements OpPayload {
        public Register {
            if (registration == null || status == null || owner == null || owner.isEmpty()) {
                throw new IllegalArgumentException("REGISTER needs a registration, a status and an owner");
            }
        }

        @Override
        public OpKind kind() {
            return OpKind.REGISTER;
        }
    }

    record Update(Registration registration) implements OpPayload {
        public Update {
            if (registration == null) {
                throw new IllegalArgumentException("UPDATE needs a registration");
            }
        }

        @Override
        public OpKind kind() {
            return OpKind.UPDATE;
        }
    }

    record SetStatus(InstanceStatus status) implements OpPayload {
        public SetStatus {
            if (status == null) {
                throw new IllegalArgumentException("SET_STATUS needs a status");
            }
        }

        @Override
        public OpKind kind() {
            return OpKind.SET_STATUS;
        }
    }

    record SetHealth(Health health) implements OpPayload {
        public SetHealth {
            if (health == null) {
                throw new IllegalArgumentException("SET_HEALTH needs a health");
            }
        }

        @Override
        public OpKind kind() {
            return OpKind.SET_HEALTH;
        }
    }

    record Deregister() implements OpPayload {
        @Override
        public OpKind kind() {
            return OpKind.DEREGISTER;
        }
    }

    record Expire() implements OpPayload {
        @Override
        public OpKind kind() {
            return OpKind.EXPIRE;
        }
    }

    record Adopt(String owner) implements OpPayload {
        public Adopt {
            if (owner == null || owner.isEmpty()) {
                throw new IllegalArgumentException("ADOPT needs an owner");
            }
        }

        @Override
        public OpKind kind() {
            return OpKind.ADOPT;
        }
    }
}
