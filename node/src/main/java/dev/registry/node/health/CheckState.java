package dev.registry.node.health;

import dev.registry.api.Health;

/**
 * The pure rule of an active health check: consecutive results in, health out.
 * <ul>
 *   <li>{@code unhealthyThreshold} consecutive failures make the instance CRITICAL;</li>
 *   <li>a failure below that threshold makes a PASSING instance WARNING (a CRITICAL one stays CRITICAL);</li>
 *   <li>{@code healthyThreshold} consecutive successes make a WARNING or CRITICAL instance PASSING.</li>
 * </ul>
 * A newly tracked instance starts PASSING: it was just registered by a live process, and a check that
 * fails takes it out within {@code unhealthyThreshold} intervals.
 */
record CheckState(Health health, int successes, int failures) {

    static final CheckState INITIAL = new CheckState(Health.PASSING, 0, 0);

    CheckState after(boolean success, int healthyThreshold, int unhealthyThreshold) {
        if (success) {
            int streak = successes + 1;
            Health next = health != Health.PASSING && streak >= healthyThreshold ? Health.PASSING : health;
            return new CheckState(next, streak, 0);
        }
        int streak = failures + 1;
        Health next;
        if (streak >= unhealthyThreshold) {
            next = Health.CRITICAL;
        } else {
            next = health == Health.PASSING ? Health.WARNING : health;
        }
        return new CheckState(next, 0, streak);
    }
}
