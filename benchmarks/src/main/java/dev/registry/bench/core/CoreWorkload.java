package dev.registry.bench.core;

import dev.registry.api.Health;
import dev.registry.api.InstanceStatus;
import dev.registry.clock.HybridClock;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded operation streams for the core benchmarks: {@code origins} nodes, each stamping its own
 * operations with its own hybrid clock (wall clocks a few ms apart), round-robin interleaved, on
 * {@code services x instancesPerService} keys. The mix is register-heavy, like a registry under churn.
 */
final class CoreWorkload {

    private CoreWorkload() {
    }

    static String service(int s) {
        return "service-" + s;
    }

    static String id(int i) {
        return "instance-" + i;
    }

    static Registration registration(int i, SplittableRandom random) {
        return new Registration("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255),
                8_000 + random.nextInt(1_000), 100, "zone-" + (i % 3), List.of(),
                Map.of("version", "v" + random.nextInt(5), "team", "t" + (i % 7)), 30, null);
    }

    /** A mixed stream: 40% REGISTER, 20% UPDATE, 15% SET_STATUS, 10% SET_HEALTH, 10% DEREGISTER, 5% ADOPT. */
    static Operation[] mixed(long seed, int count, int origins, int services, int instancesPerService) {
        SplittableRandom random = new SplittableRandom(seed);
        HybridClock[] clocks = new HybridClock[origins];
        long[] seqs = new long[origins];
        for (int o = 0; o < origins; o++) {
            clocks[o] = new HybridClock();
        }
        InstanceKey[] keys = new InstanceKey[services * instancesPerService];
        for (int s = 0; s < services; s++) {
            String service = service(s);
            for (int i = 0; i < instancesPerService; i++) {
                keys[s * instancesPerService + i] = new InstanceKey(service, id(i));
            }
        }
        Operation[] ops = new Operation[count];
        long wall = 1_700_000_000_000L;
        for (int n = 0; n < count; n++) {
            int o = n % origins;
            if (o == 0 && random.nextInt(8) == 0) {
                wall++;
            }
            String origin = "node-" + o;
            int k = random.nextInt(keys.length);
            ops[n] = new Operation(origin, ++seqs[o], clocks[o].tick(wall + o), keys[k], payload(random, k, origin));
        }
        return ops;
    }

    private static OpPayload payload(SplittableRandom random, int k, String origin) {
        int roll = random.nextInt(100);
        if (roll < 40) {
            return new OpPayload.Register(registration(k, random), InstanceStatus.UP, origin);
        } else if (roll < 60) {
            return new OpPayload.Update(registration(k, random));
        } else if (roll < 75) {
            return new OpPayload.SetStatus(random.nextBoolean() ? InstanceStatus.UP : InstanceStatus.OUT_OF_SERVICE);
        } else if (roll < 85) {
            return new OpPayload.SetHealth(random.nextInt(4) == 0 ? Health.CRITICAL : Health.PASSING);
        } else if (roll < 95) {
            return new OpPayload.Deregister();
        }
        return new OpPayload.Adopt(origin);
    }
}
