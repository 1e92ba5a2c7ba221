package dev.registry.bench.core;

import dev.registry.api.InstanceStatus;
import dev.registry.clock.HybridClock;
import dev.registry.merge.Replica;
import dev.registry.merge.RegistryState;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;

import java.util.List;
import java.util.Map;

/**
 * Retained heap per instance, beyond its strings, of a state of N instances (default 1,000,000)
 * with 2 metadata entries each (target: at most 400 bytes). Not a JMH benchmark: JMH's gc profiler
 * reports allocation rate, not what stays reachable.
 *
 * <p>Method: every string an instance owns (service, id, host, zone, metadata keys and values,
 * origin) is created first and kept reachable in arrays; then used heap is read after repeated
 * System.gc(); then the instances are registered (one REGISTER each, as a node receives them); used
 * heap is read again the same way. (after - before) / N is what the state retains per instance
 * beyond its strings: key, registration, metadata map, registers, indexes. Mode "replica" also
 * keeps the operation log (one operation per instance, with its per-key history index).
 *
 * <p>Run with a fixed heap and a stop-the-world collector so that used heap is exact after GC:
 * {@code java -Xms4g -Xmx4g -XX:+UseSerialGC -cp ... dev.registry.bench.core.RetainedHeap [N] [state|replica]}
 */
public final class RetainedHeap {

    private RetainedHeap() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean replica = args.length > 1 && args[1].equals("replica");
        String[] services = new String[(n + 999) / 1_000];
        for (int s = 0; s < services.length; s++) {
            services[s] = CoreWorkload.service(s);
        }
        String[] ids = new String[n];
        String[] hosts = new String[n];
        String[] versions = new String[n];
        String[] teams = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = CoreWorkload.id(i % 1_000);
            hosts[i] = "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
            versions[i] = "v" + i;
            teams[i] = "team-" + i;
        }
        String zone = "zone-a";
        String origin = "node-0";
        HybridClock clock = new HybridClock();
        long before = usedAfterGc();

        RegistryState state = replica ? null : new RegistryState();
        Replica node = replica ? new Replica(origin) : null;
        for (int i = 0; i < n; i++) {
            Registration r = new Registration(hosts[i], 8_080, 100, zone, List.of(),
                    Map.of("version", versions[i], "team", teams[i]), 30, null);
            InstanceKey key = new InstanceKey(services[i / 1_000], ids[i]);
            OpPayload.Register payload = new OpPayload.Register(r, InstanceStatus.UP, origin);
            if (replica) {
                node.write(key, payload, 1_700_000_000_000L + i / 16);
            } else {
                state.apply(new Operation(origin, i + 1, clock.tick(1_700_000_000_000L + i / 16), key, payload));
            }
        }
        long after = usedAfterGc();
        RegistryState built = replica ? node.state() : state;
        if (built.size() != n) {
            throw new IllegalStateException("built " + built.size() + " instances, expected " + n);
        }
        System.out.printf("mode=%s instances=%d retained=%d bytes, %.1f bytes/instance beyond its strings%n",
                replica ? "replica(state+log)" : "state", n, after - before, (after - before) / (double) n);
        // Keep everything reachable until after the measurement.
        System.out.println("(check " + ids.length + hosts.length + versions.length + teams.length
                + built.digest() + ")");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
