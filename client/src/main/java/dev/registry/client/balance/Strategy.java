package dev.registry.client.balance;

import java.util.random.RandomGenerator;

/** The built-in strategies; a custom {@link LoadBalancer} can be given to the client instead. */
public enum Strategy {
    ROUND_ROBIN,
    WEIGHTED_ROUND_ROBIN,
    WEIGHTED_RANDOM,
    LEAST_CONNECTIONS,
    POWER_OF_TWO_CHOICES;

    /** A new balancer for one service; {@code zone} non-null wraps it in {@link ZoneAffinity}. */
    public LoadBalancer create(RandomGenerator random, String zone) {
        LoadBalancer base = switch (this) {
            case ROUND_ROBIN -> new RoundRobin();
            case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobin();
            case WEIGHTED_RANDOM -> new WeightedRandom(random);
            case LEAST_CONNECTIONS -> new LeastConnections(random);
            case POWER_OF_TWO_CHOICES -> new PowerOfTwoChoices(random);
        };
        return zone == null || zone.isEmpty() ? base : new ZoneAffinity(zone, base);
    }
}
