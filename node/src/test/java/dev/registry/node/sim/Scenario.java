package dev.registry.node.sim;

import dev.registry.api.InstanceStatus;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.node.gossip.GossipConfig;
import dev.registry.node.registry.RegistryConfig;
import dev.registry.oplog.Operation;
import dev.registry.oplog.VersionVector;
import dev.registry.sim.NetworkFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One seeded run: n nodes, a client workload (registrations, heartbeats, status changes,
 * deregistrations, abandoned instances), faults for {@link #FAULTY_MILLIS} (loss, duplicates, delays,
 * partitions, one-way cuts, crashes with restarts from disk, sometimes a wiped restart), then heal,
 * stop writes (heartbeats go on) and run to quiescence; then the I1-I5 checks.
 */
final class Scenario {

    static final long START = 1_700_000_000_000L;
    static final long FAULTY_MILLIS = 4_000;
    static final long TICK_MILLIS = 10;
    static final long GONE_AFTER_MILLIS = 800;
    /** Bound of I1: all nodes must agree within this much virtual time after heal (and after the leases settle). */
    static final long CONVERGENCE_BOUND_MILLIS = 30_000;
    /** After a first agreement, run this long (longer than any TTL) so abandoned leases expire, then agree again. */
    static final long SETTLE_MILLIS = 3_000;

    /** What one run found: violations (empty when every invariant held) and what ran. */
    record Outcome(long seed, int nodes, List<String> violations, long convergenceMillis, long ops,
                   long snapshotsInstalled, long compacted, long collected, long expires, long restarts, long wipes,
                   long adoptions, long revivals, List<String> events) {

        /** The violations and the faults as they happened: what a failing seed's report shows. */
        String report() {
            return nodes + " nodes, " + violations.size() + " violations:\n  " + String.join("\n  ", violations)
                    + "\nevents (virtual ms):\n  " + String.join("\n  ", events);
        }
    }

    private Scenario() {
    }

    static Outcome run(long seed, int n, SimNode.Variant variant) {
        return run(seed, n, variant, world -> { });
    }

    /** {@code atEnd} sees the world after the checks (to print a failing seed's final state). */
    static Outcome run(long seed, int n, SimNode.Variant variant,
                       java.util.function.Consumer<SimWorld> atEnd) {
        Random random = new Random(seed);
        SimWorld world = new SimWorld(seed, START, TICK_MILLIS, GONE_AFTER_MILLIS);
        RegistryConfig registry = new RegistryConfig(Duration.ofMillis(TICK_MILLIS), Duration.ofMillis(300),
                Duration.ofMillis(100), Duration.ofMillis(200), 5_000, Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), RegistryConfig.DEFAULT_DEADLINE_TOLERANCE);
        List<SimNode> nodes = new ArrayList<>();
        // Half the seeds have slow disks (appends durable up to 300 ms later: a busy fsync): wide crash windows.
        boolean slowDisks = random.nextBoolean();
        // Clocks: NTP-good (within 200 ms) in most seeds, up to 2 s apart in some (a host whose NTP failed).
        int skew = random.nextInt(4) == 0 ? 2_000 : 200;
        // Small batches and chunks in some seeds: "more" replies, multi-chunk snapshots, partial fanout.
        GossipConfig gossip = random.nextBoolean() ? GossipConfig.test()
                : new GossipConfig(Duration.ofMillis(1 + random.nextInt(5)), 1 + random.nextInt(20),
                        2 + random.nextInt(3), Duration.ofMillis(50 + random.nextInt(200)), 1 + random.nextInt(8),
                        1 + random.nextInt(4), Duration.ofMillis(200 + random.nextInt(400)));
        for (int i = 0; i < n; i++) {
            SimNode.Config config = new SimNode.Config(variant, random.nextInt(2 * skew + 1) - skew, 1 + random.nextInt(slowDisks ? 300 : 20),
                    20 + random.nextInt(60), registry, gossip);
            SimNode node = new SimNode("n" + i, world, config);
            nodes.add(node);
            world.add(node);
        }
        for (SimNode node : nodes) {
            node.boot(world.sim.context(node.id()));
        }
        Clients clients = new Clients(world, nodes, random);
        clients.schedule(START, FAULTY_MILLIS);
        scheduleFaults(world, random, START);
        world.sim.run(START + FAULTY_MILLIS);

        world.healAll();
        clients.stopWrites();
        long healedAt = world.sim.now();
        List<String> violations = new ArrayList<>();
        boolean wiped = !world.ledger.wipes().isEmpty();
        boolean agreed = world.sim.runUntil(() -> Invariants.converged(nodes, wiped), CONVERGENCE_BOUND_MILLIS);
        long convergence = world.sim.now() - healedAt;
        if (agreed) {
            world.sim.run(world.sim.now() + SETTLE_MILLIS);
            long settleFrom = world.sim.now();
            agreed = world.sim.runUntil(() -> Invariants.converged(nodes, wiped), CONVERGENCE_BOUND_MILLIS);
            convergence = Math.max(convergence, world.sim.now() - settleFrom);
        }
        if (!agreed) {
            violations.add("I1 no agreement within " + CONVERGENCE_BOUND_MILLIS + " ms of virtual time after heal");
        }
        violations.addAll(Invariants.i1Converged(nodes, wiped));
        VersionVector vector = nodes.get(0).replica().vector();
        List<Operation> union = Invariants.union(world.ledger, vector);
        var state = nodes.get(0).state();
        violations.addAll(Invariants.i2NoLostAck(world.ledger, union, vector, state));
        violations.addAll(Invariants.i3NoResurrection(world.ledger, union, nodes));
        violations.addAll(Invariants.i4OrderIndependent(union, state, random));
        violations.addAll(Invariants.i5NoMinorityExpiry(world.ledger));
        if (world.ledger.leaseRevivals > 0) {
            violations.add("L5 a node registered an instance on its own " + world.ledger.leaseRevivals + " times");
        }
        if (violations.isEmpty()) {
            violations.addAll(Invariants.leasesExpired(state, clients.stillBeating()));
        }
        atEnd.accept(world);
        return outcome(seed, n, violations, convergence, union.size(), nodes, world);
    }

    private static Outcome outcome(long seed, int n, List<String> violations, long convergence, long ops,
                                   List<SimNode> nodes, SimWorld world) {
        long installed = 0;
        long compacted = 0;
        long collected = 0;
        long restarts = 0;
        for (SimNode node : nodes) {
            installed += node.snapshotsInstalled;
            compacted += node.compacted;
            collected += node.collected;
            restarts += node.restarts;
        }
        return new Outcome(seed, n, violations, convergence, ops, installed, compacted, collected,
                world.ledger.expires().size(), restarts, world.ledger.wipes().size(),
                world.ledger.leaseAdoptions, world.ledger.leaseRevivals, List.copyOf(world.events));
    }

    private static void scheduleFaults(SimWorld world, Random random, long t0) {
        List<String> ids = world.ids();
        int n = ids.size();
        world.sim.setFaults(new NetworkFaults(random.nextDouble() * 0.3, random.nextDouble() * 0.15, 1,
                20 + random.nextInt(280)));
        int partitions = random.nextInt(3);
        for (int p = 0; p < partitions; p++) {
            Set<String> side = new HashSet<>();
            int size = 1 + random.nextInt(n - 1);
            while (side.size() < size) {
                side.add(ids.get(random.nextInt(n)));
            }
            long from = t0 + random.nextInt((int) (FAULTY_MILLIS - 500));
            long until = Math.min(t0 + FAULTY_MILLIS - 1, from + 300 + random.nextInt(1_500));
            world.sim.at(from, () -> world.partition(side));
            world.sim.at(until, world::healLinks);
        }
        if (random.nextInt(3) == 0) {
            String a = ids.get(random.nextInt(n));
            String b = ids.get((ids.indexOf(a) + 1 + random.nextInt(n - 1)) % n);
            long from = t0 + random.nextInt((int) FAULTY_MILLIS / 2);
            world.sim.at(from, () -> world.cutLink(a, b));
            world.sim.at(from + 200 + random.nextInt(1_000), world::healLinks);
        }
        int crashes = random.nextInt(3);
        boolean wipe = random.nextInt(4) == 0;
        for (int c = 0; c < crashes; c++) {
            String victim = ids.get(random.nextInt(n));
            long at = t0 + random.nextInt((int) (FAULTY_MILLIS - 1_000));
            boolean longDown = random.nextBoolean();
            long down = longDown ? GONE_AFTER_MILLIS + 400 + random.nextInt(1_000) : 50 + random.nextInt(500);
            boolean wiped = wipe && c == 0;
            world.sim.at(at, () -> world.crash(victim));
            world.sim.at(Math.min(t0 + FAULTY_MILLIS - 1, at + down),
                    wiped ? () -> world.restartWiped(victim) : () -> world.restart(victim));
        }
    }

    /** The clients: one per instance, sticking to a node and failing over when it is down. */
    private static final class Clients {
        private final SimWorld world;
        private final List<SimNode> nodes;
        private final Random random;
        private final List<Instance> instances = new ArrayList<>();
        private boolean writes = true;

        private final class Instance {
            final InstanceKey key;
            final Registration registration;
            final long beatUntil;
            SimNode node;
            boolean registered;

            Instance(InstanceKey key, Registration registration, long beatUntil) {
                this.key = key;
                this.registration = registration;
                this.beatUntil = beatUntil;
            }
        }

        Clients(SimWorld world, List<SimNode> nodes, Random random) {
            this.world = world;
            this.nodes = nodes;
            this.random = random;
        }

        void schedule(long t0, long faulty) {
            int count = nodes.size() * 2 + random.nextInt(nodes.size() * 2 + 1);
            for (int i = 0; i < count; i++) {
                InstanceKey key = new InstanceKey("svc-" + (i % 3), "i-" + i);
                int ttl = 1 + random.nextInt(2);
                Registration registration = new Registration("10.0.0." + (1 + i), 8000 + i, 100, "", List.of(),
                        java.util.Map.of(), ttl, null);
                long registerAt = t0 + random.nextInt((int) (faulty / 2));
                // Abandoned clients stop within the faulty phase: their leases must be gone SETTLE_MILLIS later.
                long beatUntil = random.nextInt(5) < 3 ? Long.MAX_VALUE
                        : registerAt + random.nextInt((int) (t0 + faulty - registerAt));
                Instance instance = new Instance(key, registration, beatUntil);
                instances.add(instance);
                world.sim.at(registerAt, () -> register(instance));
                if (random.nextInt(4) == 0) {
                    long at = registerAt + 1 + random.nextInt((int) faulty / 2);
                    world.sim.at(at, () -> deregister(instance));
                    if (random.nextBoolean()) {
                        world.sim.at(at + 1 + random.nextInt(800), () -> register(instance));
                    }
                }
                for (int s = random.nextInt(3); s > 0; s--) {
                    InstanceStatus status = InstanceStatus.values()[random.nextInt(InstanceStatus.values().length)];
                    world.sim.at(registerAt + random.nextInt((int) faulty), () -> setStatus(instance, status));
                }
                long period = ttl * 1_000L / 3;
                world.sim.at(registerAt + period, () -> beat(instance, period));
            }
        }

        void stopWrites() {
            writes = false;
        }

        /** Instances whose client still heartbeats: the only ones that may stay visible for good. */
        Set<InstanceKey> stillBeating() {
            Set<InstanceKey> out = new HashSet<>();
            for (Instance i : instances) {
                if (i.registered && i.beatUntil == Long.MAX_VALUE) {
                    out.add(i.key);
                }
            }
            return out;
        }

        private SimNode pick(Instance instance, boolean switchAnyway) {
            if (instance.node == null || !instance.node.up() || switchAnyway) {
                List<SimNode> upNodes = nodes.stream().filter(SimNode::up).toList();
                instance.node = upNodes.isEmpty() ? null : upNodes.get(random.nextInt(upNodes.size()));
            }
            return instance.node;
        }

        private void register(Instance instance) {
            SimNode node = pick(instance, writes && random.nextInt(3) == 0);
            if (writes && node != null && node.register(instance.key, instance.registration, InstanceStatus.UP)) {
                instance.registered = true;
            }
        }

        private void deregister(Instance instance) {
            SimNode node = pick(instance, false);
            if (writes && node != null) {
                node.deregister(instance.key);
                instance.registered = false;
            }
        }

        private void setStatus(Instance instance, InstanceStatus status) {
            SimNode node = pick(instance, false);
            if (writes && node != null && instance.registered) {
                node.setStatus(instance.key, status);
            }
        }

        /** A heartbeat; on "not found" the client registers again (what the client's self-registration does). */
        private void beat(Instance instance, long period) {
            if (world.sim.now() >= instance.beatUntil) {
                return;
            }
            if (instance.registered) {
                SimNode node = pick(instance, writes && random.nextInt(20) == 0);
                if (node != null && !node.heartbeat(instance.key)) {
                    node.register(instance.key, instance.registration, InstanceStatus.UP);
                }
            }
            world.sim.at(world.sim.now() + period, () -> beat(instance, period));
        }
    }
}
