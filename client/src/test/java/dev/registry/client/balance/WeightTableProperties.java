package dev.registry.client.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Weighted round robin is exact: over one cycle of total weight picks, each endpoint gets exactly its weight. */
class WeightTableProperties {

    @Property(tries = 200)
    void one_cycle_gives_every_endpoint_exactly_its_weight(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 10_000) Integer> weights) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            endpoints.add(Endpoints.endpoint("e" + i, weights.get(i), "z"));
        }
        List<Endpoint> list = List.copyOf(endpoints);
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        boolean allZero = total == 0;
        long cycle = allZero ? weights.size() : total;
        WeightedRoundRobin balancer = new WeightedRoundRobin();
        int[] counts = new int[list.size()];
        for (long i = 0; i < cycle; i++) {
            counts[list.indexOf(balancer.pick(list, 0))]++;
        }
        for (int i = 0; i < list.size(); i++) {
            assertEquals(allZero ? 1 : weights.get(i), counts[i], "endpoint " + i + " of weights " + weights);
        }
    }
}
