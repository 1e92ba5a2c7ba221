package dev.registry.node.testkit;

import dev.registry.membership.PeerMessaging;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The in-memory twin of {@link PeerMessaging}: members in one JVM exchange bytes through this hub,
 * which can cut links (one way or both), isolate a member, drop a seeded fraction of messages, and
 * heal. A cut is silent, like an ingress drop: sends vanish and requests time out.
 */
public final class LocalPeerNetwork {

    private record Handler(BiFunction<String, byte[], CompletableFuture<byte[]>> handler, Executor executor) {
    }

    private final Map<String, Map<String, Handler>> handlers = new ConcurrentHashMap<>();
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    private final Random random;
    private volatile double dropRate;

    public LocalPeerNetwork(long seed) {
        this.random = new Random(seed);
    }

    /** The messaging endpoint of member {@code id}. */
    public PeerMessaging endpoint(String id) {
        handlers.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        return new Endpoint(id);
    }

    /** Messages from {@code from} no longer reach {@code to}. */
    public void cut(String from, String to) {
        cut.add(from + ">" + to);
    }

    public void cutBothWays(String a, String b) {
        cut(a, b);
        cut(b, a);
    }

    /** Splits the members into sides that cannot reach each other. */
    @SafeVarargs
    public final void partition(Set<String>... sides) {
        for (int i = 0; i < sides.length; i++) {
            for (int j = 0; j < sides.length; j++) {
                if (i != j) {
                    for (String a : sides[i]) {
                        for (String b : sides[j]) {
                            cut(a, b);
                        }
                    }
                }
            }
        }
    }

    public void isolate(String id) {
        for (String other : new HashSet<>(handlers.keySet())) {
            if (!other.equals(id)) {
                cutBothWays(id, other);
            }
        }
    }

    public void heal() {
        cut.clear();
        dropRate = 0;
    }

    /** Drops this fraction of messages on every link, from the seeded generator. */
    public void dropRate(double rate) {
        this.dropRate = rate;
    }

    /** A member that left (its process died): its handlers are gone until it registers again. */
    public void remove(String id) {
        handlers.remove(id);
    }

    private boolean delivers(String from, String to) {
        if (cut.contains(from + ">" + to)) {
            return false;
        }
        double rate = dropRate;
        if (rate > 0) {
            synchronized (random) {
                return random.nextDouble() >= rate;
            }
        }
        return true;
    }

    private final class Endpoint implements PeerMessaging {
        private final String self;

        Endpoint(String self) {
            this.self = self;
        }

        private Map<String, Handler> mine() {
            return handlers.computeIfAbsent(self, k -> new ConcurrentHashMap<>());
        }

        @Override
        public void send(String memberId, String subject, byte[] payload) {
            Map<String, Handler> target = handlers.get(memberId);
            Handler handler = target == null ? null : target.get(subject);
            if (handler == null || !delivers(self, memberId)) {
                return;
            }
            byte[] copy = payload.clone();
            handler.executor().execute(() -> handler.handler().apply(self, copy));
        }

        @Override
        public CompletableFuture<byte[]> request(String memberId, String subject, byte[] payload, Duration timeout) {
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            Map<String, Handler> target = handlers.get(memberId);
            Handler handler = target == null ? null : target.get(subject);
            if (handler != null && delivers(self, memberId)) {
                byte[] copy = payload.clone();
                handler.executor().execute(() -> handler.handler().apply(self, copy).whenComplete((bytes, error) -> {
                    if (!delivers(memberId, self)) {
                        return;
                    }
                    if (error != null) {
                        reply.completeExceptionally(error);
                    } else {
                        reply.complete(bytes);
                    }
                }));
            }
            return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(error ->
                    CompletableFuture.failedFuture(error instanceof TimeoutException
                            ? new TimeoutException("no reply from " + memberId + " within " + timeout) : error));
        }

        @Override
        public void handle(String subject, BiFunction<String, byte[], CompletableFuture<byte[]>> handler,
                           Executor executor) {
            mine().put(subject, new Handler(handler, executor));
        }

        @Override
        public void unhandle(String subject) {
            mine().remove(subject);
        }
    }
}
