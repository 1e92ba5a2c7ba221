package dev.registry.merge;

import dev.registry.clock.Hlc;
import dev.registry.fixture.Workloads;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules C11 and C12 against ground truth: three replicas write, deliver operations in any order and
 * report (sometimes late, out of order) to a Stability with a tiny report budget, so thinning runs.
 * After every step, every operation stamped below {@code stableBefore} must be applied by every
 * replica, and the frontier must never claim more than a replica has.
 */
class StabilityPropertiesTest {

    private record Report(String member, VersionVector vector, Hlc clock) {
    }

    @Property(tries = 1_000)
    void c12_everythingBelowTheStableStampIsEverywhere(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> ids = List.of("a", "b", "c");
        Set<String> members = Set.copyOf(ids);
        List<Replica> replicas = ids.stream().map(Replica::new).toList();
        long[] walls = {1_000, 1_000 + random.nextInt(50), 1_000 - random.nextInt(50)};
        Stability stability = new Stability(2 + random.nextInt(4));
        List<Operation> created = new ArrayList<>();
        List<Report> past = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int i = random.nextInt(3);
            Replica r = replicas.get(i);
            walls[i] += random.nextInt(-3, 10);
            int action = random.nextInt(10);
            if (action < 3) {
                created.add(r.write(Workloads.key(random.nextInt(4)), Workloads.payload(random, r.nodeId()), walls[i]));
            } else if (action < 7 && !created.isEmpty()) {
                r.receive(created.get(random.nextInt(created.size())), walls[i]);
            } else if (action < 9) {
                Report report = new Report(r.nodeId(), r.vector(), r.clock().current());
                past.add(report);
                stability.observe(report.member(), report.vector(), report.clock());
            } else if (!past.isEmpty()) {
                Report late = past.get(random.nextInt(past.size()));
                stability.observe(late.member(), late.vector(), late.clock());
            }
            check(seed, step, stability, members, replicas, created);
        }
    }

    private static void check(long seed, int step, Stability stability, Set<String> members, List<Replica> replicas,
                              List<Operation> created) {
        Hlc stable = stability.stableBefore(members);
        VersionVector frontier = stability.frontier(members);
        for (Replica r : replicas) {
            assertTrue(r.vector().dominates(frontier), "seed=" + seed + " step " + step + " frontier " + frontier
                    + " claims more than " + r.nodeId() + " has: " + r.vector());
        }
        for (Operation op : created) {
            if (op.hlc().isBefore(stable)) {
                for (Replica r : replicas) {
                    assertTrue(r.vector().get(op.origin()) >= op.seq(), "seed=" + seed + " step " + step + ": "
                            + op.origin() + "#" + op.seq() + " at " + op.hlc() + " is below the stable stamp "
                            + stable + " but " + r.nodeId() + " lacks it");
                }
            }
        }
    }
}
