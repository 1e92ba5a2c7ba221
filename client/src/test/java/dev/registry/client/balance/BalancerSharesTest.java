package dev.registry.client.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Over 100,000 picks each strategy gives every endpoint its target share within 5 % of that share. */
class BalancerSharesTest {

    private static final int PICKS = 100_000;

    private static void assertShares(int[] counts, double[] targets) {
        for (int i = 0; i < counts.length; i++) {
            double share = (double) counts[i] / PICKS;
            assertTrue(Math.abs(share - targets[i]) <= 0.05 * targets[i],
                    "endpoint " + i + ": share " + share + ", target " + targets[i]);
        }
    }

    @Test
    void round_robin_gives_equal_shares() {
        List<Endpoint> endpoints = Endpoints.weighted(100, 300, 100, 500);
        assertShares(Endpoints.count(new RoundRobin(), endpoints, PICKS), new double[] {0.25, 0.25, 0.25, 0.25});
    }

    @Test
    void weighted_round_robin_gives_weight_shares_interleaved() {
        List<Endpoint> endpoints = Endpoints.weighted(100, 200, 300, 400);
        WeightedRoundRobin balancer = new WeightedRoundRobin();
        assertShares(Endpoints.count(balancer, endpoints, PICKS), new double[] {0.1, 0.2, 0.3, 0.4});
        // Smooth: the heaviest endpoint never gets more than two picks in a row with these weights.
        int run = 0;
        int longest = 0;
        Endpoint heaviest = endpoints.get(3);
        for (int i = 0; i < 1000; i++) {
            run = balancer.pick(endpoints, 0) == heaviest ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertTrue(longest <= 2, "longest run " + longest);
    }

    @Test
    void weighted_round_robin_with_weights_too_fine_for_a_schedule_is_still_exact() {
        List<Endpoint> endpoints = Endpoints.weighted(9_973, 9_967, 1);
        int[] counts = Endpoints.count(new WeightedRoundRobin(), endpoints, PICKS);
        double total = 9_973 + 9_967 + 1;
        assertShares(new int[] {counts[0], counts[1]}, new double[] {9_973 / total, 9_967 / total});
    }

    @Test
    void weighted_random_gives_weight_shares() {
        List<Endpoint> endpoints = Endpoints.weighted(100, 200, 300, 400);
        int[] counts = Endpoints.count(new WeightedRandom(new SplittableRandom(42)), endpoints, PICKS);
        assertShares(counts, new double[] {0.1, 0.2, 0.3, 0.4});
    }

    @Test
    void weight_zero_is_never_picked_unless_every_weight_is_zero() {
        List<Endpoint> some = Endpoints.weighted(0, 100, 100);
        assertEquals(0, Endpoints.count(new WeightedRoundRobin(), some, 1000)[0]);
        assertEquals(0, Endpoints.count(new WeightedRandom(new SplittableRandom(1)), some, 1000)[0]);
        List<Endpoint> none = Endpoints.weighted(0, 0);
        assertShares(Endpoints.count(new WeightedRoundRobin(), none, PICKS), new double[] {0.5, 0.5});
    }

    @Test
    void least_connections_and_power_of_two_spread_an_idle_client_evenly() {
        List<Endpoint> endpoints = Endpoints.weighted(100, 100, 100, 100);
        double[] quarter = {0.25, 0.25, 0.25, 0.25};
        assertShares(Endpoints.count(new LeastConnections(new SplittableRandom(7)), endpoints, PICKS), quarter);
        assertShares(Endpoints.count(new PowerOfTwoChoices(new SplittableRandom(7)), endpoints, PICKS), quarter);
    }

    @Test
    void zone_affinity_keeps_picks_in_the_local_zone_and_falls_back_when_it_is_empty() {
        List<Endpoint> endpoints = Endpoints.weighted(100, 100, 100, 100);
        int[] counts = Endpoints.count(new ZoneAffinity("z1", new RoundRobin()), endpoints, PICKS);
        assertEquals(0, counts[0] + counts[2]);
        assertShares(new int[] {counts[1], counts[3]}, new double[] {0.5, 0.5});
        int[] elsewhere = Endpoints.count(new ZoneAffinity("z9", new RoundRobin()), endpoints, PICKS);
        assertShares(elsewhere, new double[] {0.25, 0.25, 0.25, 0.25});
    }

    @Test
    void every_strategy_answers_null_for_no_endpoints() {
        for (Strategy strategy : Strategy.values()) {
            assertNull(strategy.create(new SplittableRandom(3), "z1").pick(List.of(), 0), strategy.name());
        }
    }
}
