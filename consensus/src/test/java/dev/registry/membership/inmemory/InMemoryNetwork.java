package dev.registry.membership.inmemory;

import dev.registry.membership.NotMemberException;
import dev.registry.membership.PeerMessaging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The in-memory twin of the peer transport: endpoints addressed by member id, with faults drawn from a
 * seeded random (drop, duplicate, delay and hence reorder) and partitions. With zero delay, messages are
 * handed to the receiver's executor at once; otherwise they wait in virtual time until {@link #advance}.
 * The same seed and the same calls give the same fate to every message.
 *
 * <p>Thread-safe: the fault draws and the queue are under the network's lock; handlers run on their own
 * executors outside it. A request also fails after its timeout in real time, so a lost reply never hangs
 * a caller that does not advance virtual time.
 */
public final class InMemoryNetwork {
    private final long seed;
    private final Random random;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final Map<String, Integer> side = new HashMap<>();
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>();
    private final List<Deadline> deadlines = new ArrayList<>();
    private NetworkFaults faults = NetworkFaults.none();
    private long nowMillis;
    private long sequence;
    private long delivered;

    public InMemoryNetwork(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /** The endpoint of a member (created on first use). */
    public synchronized PeerMessaging endpoint(String memberId) {
        return endpoints.computeIfAbsent(memberId, Endpoint::new);
    }

    public synchronized void faults(NetworkFaults newFaults) {
        this.faults = newFaults;
    }

    /** Members on different sides cannot reach each other; members not named form one more side. */
    @SafeVarargs
    public final synchronized void partition(Set<String>... sides) {
        side.clear();
        for (int i = 0; i < sides.length; i++) {
            for (String id : sides[i]) {
                side.put(id, i + 1);
            }
        }
    }

    public synchronized void heal() {
        side.clear();
    }

    public synchronized long nowMillis() {
        return nowMillis;
    }

    /** Messages waiting for virtual time. */
    public synchronized int inFlight() {
        return queue.size();
    }

    /** Messages handed to a receiver so far (duplicates count twice). */
    public synchronized long delivered() {
        return delivered;
    }

    /** Moves virtual time forward, delivering due messages in (due time, send order) order. */
    public void advance(Duration duration) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            nowMillis += duration.toMillis();
            while (!queue.isEmpty() && queue.peek().dueMillis <= nowMillis) {
                due.add(queue.poll().delivery);
            }
        }
        due.forEach(Runnable::run);
    }

    private boolean reachable(String from, String to) {
        return endpoints.containsKey(to) && side.getOrDefault(from, 0).equals(side.getOrDefault(to, 0));
    }

    /** Under the lock: decides the fate of one message; returns the deliveries to run now (immediate mode). */
    private List<Runnable> transmit(String from, String to, Runnable delivery) {
        List<Runnable> now = new ArrayList<>();
        if (!reachable(from, to) || random.nextDouble() < faults.dropRate()) {
            return now;
        }
        int copies = random.nextDouble() < faults.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            if (faults.immediate()) {
                now.add(delivery);
            } else {
                long span = faults.maxDelay().toMillis() - faults.minDelay().toMillis();
                long delay = faults.minDelay().toMillis() + (span == 0 ? 0 : (long) (random.nextDouble() * (span + 1)));
                queue.add(new InFlight(nowMillis + delay, sequence++, delivery));
            }
        }
        return now;
    }

    private void send(String from, String to, Runnable delivery) {
        List<Runnable> now;
        synchronized (this) {
            now = transmit(from, to, () -> {
                synchronized (InMemoryNetwork.this) {
                    delivered++;
                }
                delivery.run();
            });
        }
        now.forEach(Runnable::run);
    }

    private record InFlight(long dueMillis, long seq, Runnable delivery) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            return dueMillis != o.dueMillis ? Long.compare(dueMillis, o.dueMillis) : Long.compare(seq, o.seq);
        }
    }

    private record Handler(BiFunction<String, byte[], CompletableFuture<byte[]>> function, Executor executor) {
    }

    private final class Endpoint implements PeerMessaging {
        private final String id;
        private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

        Endpoint(String id) {
            this.id = id;
        }

        @Override
        public void send(String memberId, String subject, byte[] payload) {
            byte[] copy = payload.clone();
            InMemoryNetwork.this.send(id, memberId, () -> endpointOf(memberId).receive(id, subject, copy, null));
        }

        @Override
        public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
            synchronized (InMemoryNetwork.this) {
                if (!endpoints.containsKey(memberId)) {
                    return CompletableFuture.failedFuture(new NotMemberException(memberId, new TreeSet<>(endpoints.keySet())));
                }
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            byte[] copy = payload.clone();
            InMemoryNetwork.this.send(id, memberId, () -> endpointOf(memberId).receive(id, subject, copy, reply));
            long deadline = nowMillis() + timeout.toMillis();
            InMemoryNetwork.this.watchDeadline(reply, deadline);
            return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Runs the handler on its executor; a reply travels back through the network's faults. */
        void receive(String from, String subject, byte[] payload, CompletableFuture<byte[]> reply) {
            Handler handler = handlers.get(subject);
            if (handler == null) {
                if (reply != null) {
                    reply.completeExceptionally(new IllegalStateException("no handler for " + subject + " at " + id));
                }
                return;
            }
            handler.executor().execute(() -> handler.function().apply(from, payload).whenComplete((bytes, e) -> {
                if (reply == null) {
                    return;
                }
                InMemoryNetwork.this.send(id, from, () -> {
                    if (e != null) {
                        reply.completeExceptionally(e);
                    } else {
                        reply.complete(bytes == null ? new byte[0] : bytes);
                    }
                });
            }));
        }

        @Override
        public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                           Executor executor) {
            handlers.put(subject, new Handler(handler, executor));
        }

        @Override
        public void unhandle(String subject) {
            handlers.remove(subject);
        }
    }

    private synchronized Endpoint endpointOf(String id) {
        return endpoints.get(id);
    }

    private record Deadline(CompletableFuture<byte[]> reply, long deadlineMillis) {
    }

    private synchronized void watchDeadline(CompletableFuture<byte[]> reply, long deadlineMillis) {
        if (faults.immediate()) {
            return;
        }
        deadlines.add(new Deadline(reply, deadlineMillis));
        queue.add(new InFlight(deadlineMillis, sequence++, this::expireDeadlines));
    }

    private void expireDeadlines() {
        List<CompletableFuture<byte[]>> expired = new ArrayList<>();
        synchronized (this) {
            deadlines.removeIf(d -> {
                if (d.reply().isDone()) {
                    return true;
                }
                if (d.deadlineMillis() <= nowMillis) {
                    expired.add(d.reply());
                    return true;
                }
                return false;
            });
        }
        expired.forEach(f -> f.completeExceptionally(new TimeoutException("no reply within the virtual timeout")));
    }
}
