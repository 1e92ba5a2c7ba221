package dev.registry.node.sim;

import dev.registry.sim.SeededRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeds that exposed bugs this simulation found in the node, outside {@link NodeSimulationTest}'s ranges
 * (seeds 3001, 3016, 3075 and 3095 of the others are inside them). Each bug is fixed; these keep it so.
 */
@Timeout(120)
class FoundBugsRegressionTest {

    /**
     * Stability reports covered replicated operations whose append was still in flight: a node reported a
     * DEREGISTER, crashed before it was durable, and peers collected the tombstone (I1, I3). Fixed: every
     * vector and clock in a gossip message is the durable one (DurableState). Seeds 3994, 4021.
     */
    @Test
    void stabilityReportsOnlyDurableState() {
        SeededRuns.forEachSeed(3_990, 40, seed -> NodeSimulationTest.check(
                Scenario.run(seed, 3, SimNode.Variant.FAITHFUL)));
    }

    /**
     * Three receivers of one server evicted each other's snapshots forever (no transfer finished, I1).
     * Fixed: a new transfer shares a recent snapshot and one in use is never evicted. 7-node seeds 8130, 8810.
     */
    @Test
    void concurrentSnapshotReceiversAllFinish() {
        SeededRuns.forEachSeed(8_125, 10, seed -> NodeSimulationTest.check(
                Scenario.run(seed, 7, SimNode.Variant.FAITHFUL)));
        SeededRuns.forEachSeed(8_805, 10, seed -> NodeSimulationTest.check(
                Scenario.run(seed, 7, SimNode.Variant.FAITHFUL)));
    }
}
