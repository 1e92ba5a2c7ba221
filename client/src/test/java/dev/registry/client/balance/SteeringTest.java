package dev.registry.client.balance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Load-aware strategies steer away from a slow or failing instance. A seeded simulation on
 * virtual time: a request arrives every millisecond, is sent to the balancer's pick, and
 * completes after that instance's latency (and fails at that instance's failure rate).
 */
class SteeringTest {

    private static final int PICKS = 100_000;
    private static final long MS = 1_000_000;

    private record Completion(long at, Endpoint endpoint, long latency, boolean failed) {
    }

    /** Runs the simulation and returns each endpoint's share of picks. */
    private static double[] simulate(LoadBalancer balancer, List<Endpoint> endpoints, long[] latencyMs,
                                     double[] failureRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Completion> pending = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        int[] counts = new int[endpoints.size()];
        for (int i = 0; i < PICKS; i++) {
            long now = i * MS;
            while (!pending.isEmpty() && pending.peek().at() <= now) {
                Completion c = pending.poll();
                c.endpoint().stats().onComplete(c.at(), c.latency(), c.failed());
            }
            Endpoint chosen = balancer.pick(endpoints, now);
            int index = endpoints.indexOf(chosen);
            counts[index]++;
            chosen.stats().onStart();
            boolean failed = random.nextDouble() < failureRate[index];
            // Failures answer fast (refused connections): they must be steered away by rate, not latency.
            long latency = (failed ? 1 : latencyMs[index]) * MS;
            pending.add(new Completion(now + latency, chosen, latency, failed));
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / PICKS;
        }
        return shares;
    }

    private static final long[] ONE_SLOW = {2, 2, 2, 20};
    private static final double[] NONE_FAIL = {0, 0, 0, 0};

    @Test
    void least_connections_sends_a_slow_instance_less_than_half_its_fair_share() {
        double[] shares = simulate(new LeastConnections(new SplittableRandom(1)), Endpoints.weighted(1, 1, 1, 1),
                ONE_SLOW, NONE_FAIL, 11);
        assertTrue(shares[3] < 0.125, "slow instance share " + shares[3]);
    }

    @Test
    void power_of_two_choices_sends_a_slow_instance_less_than_half_its_fair_share() {
        double[] shares = simulate(new PowerOfTwoChoices(new SplittableRandom(2)), Endpoints.weighted(1, 1, 1, 1),
                ONE_SLOW, NONE_FAIL, 12);
        assertTrue(shares[3] < 0.125, "slow instance share " + shares[3]);
    }

    @Test
    void power_of_two_choices_sends_a_failing_instance_less_than_half_its_fair_share() {
        double[] shares = simulate(new PowerOfTwoChoices(new SplittableRandom(3)), Endpoints.weighted(1, 1, 1, 1),
                new long[] {2, 2, 2, 2}, new double[] {0, 0, 0, 0.5}, 13);
        assertTrue(shares[3] < 0.125, "failing instance share " + shares[3]);
    }

    @Test
    void power_of_two_choices_sends_an_instance_in_health_warning_less_than_its_fair_share() {
        List<Endpoint> endpoints = List.of(Endpoints.endpoint("e0", 1, "z"), Endpoints.endpoint("e1", 1, "z"),
                Endpoints.endpoint("e2", 1, "z"), Endpoints.endpoint("e3", 1, "z", dev.registry.api.Health.WARNING));
        double[] shares = simulate(new PowerOfTwoChoices(new SplittableRandom(4)), endpoints,
                new long[] {2, 2, 2, 2}, NONE_FAIL, 15);
        assertTrue(shares[3] < 0.125, "warning instance share " + shares[3]);
        assertTrue(shares[3] > 0, "but it is not starved while the others are busy");
    }

    @Test
    void round_robin_does_not_steer_which_is_why_the_load_aware_strategies_exist() {
        double[] shares = simulate(new RoundRobin(), Endpoints.weighted(1, 1, 1, 1), ONE_SLOW, NONE_FAIL, 14);
        assertTrue(Math.abs(shares[3] - 0.25) < 0.01, "round robin share " + shares[3]);
    }
}
