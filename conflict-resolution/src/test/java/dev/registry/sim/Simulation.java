package dev.registry.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A seeded, single-threaded discrete-event simulation: processes exchange messages of type M over a
 * simulated network on virtual time. Everything random (drops, duplicates, delays, tick phases,
 * each process's own generator) derives from the one seed, and events at equal times run in the
 * order they were scheduled, so a seed replays exactly.
 *
 * <p>Faults: per-message loss, duplication and delay ({@link NetworkFaults}); cut links (one-way or
 * both ways, e.g. partitions); crash and restart of a process. {@link #heal()} restores a reliable
 * network with no cut links.
 */
public final class Simulation<M> {

    private sealed interface Event {
    }

    private record Deliver<M>(String from, String to, M message) implements Event {
    }

    private record Tick(String process) implements Event {
    }

    private record Action(Runnable action) implements Event {
    }

    private record Scheduled(long at, long order, Event event) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }

    private final long seed;
    private final Random random;
    private final long tickIntervalMillis;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final Map<String, SimProcess<M>> processes = new LinkedHashMap<>();
    private final Map<String, Context> contexts = new HashMap<>();
    private final Set<String> crashed = new HashSet<>();
    /** Cut links as "from->to". */
    private final Set<String> cut = new HashSet<>();
    private NetworkFaults faults;
    private long now;
    private long order;
    private long delivered;
    private long dropped;

    public Simulation(long seed, NetworkFaults faults, long tickIntervalMillis, long startMillis) {
        this.seed = seed;
        this.random = new Random(seed);
        this.faults = faults;
        this.tickIntervalMillis = tickIntervalMillis;
        this.now = startMillis;
    }

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    public void add(String id, SimProcess<M> process) {
        processes.put(id, process);
        contexts.put(id, new Context(id, new Random(random.nextLong())));
        schedule(now + 1 + random.nextInt((int) tickIntervalMillis), new Tick(id));
    }

    public Set<String> ids() {
        return processes.keySet();
    }

    public SimProcess<M> process(String id) {
        return processes.get(id);
    }

    /** Runs {@code action} at virtual time {@code at} (e.g. a client write), on the simulation thread. */
    public void at(long at, Runnable action) {
        schedule(Math.max(at, now), new Action(action));
    }

    /** The context of a process, for test-driven actions that must send as that process. */
    public SimContext<M> context(String id) {
        return contexts.get(id);
    }

    public void setFaults(NetworkFaults faults) {
        this.faults = faults;
    }

    public void cutLink(String from, String to) {
        cut.add(from + "->" + to);
    }

    /** Cuts every link between {@code side} and the other processes, both ways. */
    public void partition(Set<String> side) {
        for (String a : side) {
            for (String b : processes.keySet()) {
                if (!side.contains(b)) {
                    cutLink(a, b);
                    cutLink(b, a);
                }
            }
        }
    }

    public void crash(String id) {
        if (crashed.add(id)) {
            processes.get(id).onCrash();
        }
    }

    public void restart(String id) {
        if (crashed.remove(id)) {
            processes.get(id).onRestart(contexts.get(id));
        }
    }

    public boolean isCrashed(String id) {
        return crashed.contains(id);
    }

    /** Reliable network, no cut links, every crashed process restarted. */
    public void heal() {
        faults = NetworkFaults.reliable();
        cut.clear();
        for (String id : Set.copyOf(crashed)) {
            restart(id);
        }
    }

    public void run(long untilMillis) {
        while (!queue.isEmpty() && queue.peek().at <= untilMillis) {
            step(queue.poll());
        }
        now = Math.max(now, untilMillis);
    }

    /** Runs until {@code done} holds (checked after every event) or {@code maxMillis} of virtual time pass. */
    public boolean runUntil(BooleanSupplier done, long maxMillis) {
        long deadline = now + maxMillis;
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peek().at > deadline) {
                now = deadline;
                return done.getAsBoolean();
            }
            step(queue.poll());
        }
        return true;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    @SuppressWarnings("unchecked")
    private void step(Scheduled s) {
        now = s.at;
        if (s.event instanceof Deliver<?> d) {
            if (crashed.contains(d.to()) || cut.contains(d.from() + "->" + d.to())) {
                dropped++;
            } else {
                delivered++;
                processes.get(d.to()).onMessage(d.from(), (M) d.message(), contexts.get(d.to()));
            }
        } else if (s.event instanceof Tick t) {
            if (!crashed.contains(t.process())) {
                processes.get(t.process()).onTick(contexts.get(t.process()));
            }
            schedule(now + tickIntervalMillis, t);
        } else if (s.event instanceof Action a) {
            a.action().run();
        }
    }

    private void schedule(long at, Event event) {
        queue.add(new Scheduled(at, order++, event));
    }

    private void send(String from, String to, M message) {
        if (!processes.containsKey(to) || random.nextDouble() < faults.dropRate()) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < faults.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = faults.minDelayMillis()
                    + (long) (random.nextDouble() * (faults.maxDelayMillis() - faults.minDelayMillis() + 1));
            schedule(now + delay, new Deliver<>(from, to, message));
        }
    }

    private final class Context implements SimContext<M> {
        private final String self;
        private final Random random;

        Context(String self, Random random) {
            this.self = self;
            this.random = random;
        }

        @Override
        public long now() {
            return Simulation.this.now;
        }

        @Override
        public void send(String to, M message) {
            Simulation.this.send(self, to, message);
        }

        @Override
        public Random random() {
            return random;
        }

        @Override
        public String self() {
            return self;
        }
    }
}
