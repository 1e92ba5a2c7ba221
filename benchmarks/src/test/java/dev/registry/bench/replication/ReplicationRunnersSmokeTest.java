package dev.registry.bench.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End-to-end check that the replication runners work on tiny sizes: the cut really partitions, the heal
 * converges, rounds and bytes are counted, and the propagation run sees every write at C. Measures no
 * speed. (The atomix-gossip baseline is left out: three Atomix nodes alone take 10+ s to start here.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicationRunnersSmokeTest {

    @Test
    void registryTrioPartitionsHealsAndCountsSyncRounds() throws Exception {
        try (RegistryTrio trio = RegistryTrio.start(1)) {
            long nanos = RegistryScenarios.healConvergenceNanos(trio, 2_000, 100, 20_000);
            assertTrue(nanos > 0);
            assertEquals(2_100, trio.instances(2));
            SyncCost cost = RegistryScenarios.inSyncCost(trio, 1_000);
            assertTrue(cost.rounds() > 0, "no anti-entropy round counted: " + cost);
            assertTrue(cost.countedBytes() > 0, "no anti-entropy byte counted: " + cost);
        }
    }

    @Test
    void propagationRunSeesEveryWriteAtC() throws Exception {
        try (RegistryTrio trio = RegistryTrio.start(2)) {
            PropagationBenchmark.Result result = PropagationBenchmark.run(trio, 200, 1, 1);
            assertEquals(200, result.writes());
            assertEquals(0, result.missing());
        }
    }
}
