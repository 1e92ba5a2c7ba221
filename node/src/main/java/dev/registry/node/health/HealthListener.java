package dev.registry.node.health;

import dev.registry.api.Health;

/** Told when an instance's health changes (transitions only). Runs on the prober's event loop: must not block. */
@FunctionalInterface
public interface HealthListener {
    void onTransition(String service, String id, Health health);
}
