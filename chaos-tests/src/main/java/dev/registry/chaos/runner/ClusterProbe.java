package dev.registry.chaos.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registry.chaos.check.ConvergenceChecker.DigestSample;
import dev.registry.chaos.check.MassExpiryChecker;
import dev.registry.chaos.check.ModelOp;
import dev.registry.chaos.check.NodeSnapshot;
import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.history.ReadEntry;
import dev.registry.chaos.workload.NodeApi;
import dev.registry.chaos.workload.Reply;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the nodes' state over HTTP for the checkers: digests polled after the heal, and the final
 * snapshot (cluster status, the schedule's instances, each key's operation history). Node HLC wall
 * times are mapped onto the history clock with {@code wallMinusRunMillis}, sampled at the start.
 */
final class ClusterProbe {
    private static final Set<String> STATUSES = Set.of("UP", "DOWN", "OUT_OF_SERVICE", "STARTING", "MAINTENANCE");

    private final HistoryRecorder recorder;
    private final long wallMinusRunMillis;
    /** What each node reported in the polls where digests differed: why a convergence was slow. */
    private final List<String> divergentRounds = new ArrayList<>();

    ClusterProbe(HistoryRecorder recorder, long wallMinusRunMillis) {
        this.recorder = recorder;
        this.wallMinusRunMillis = wallMinusRunMillis;
    }

    /**
     * Polls every node's digest each 100 ms until all are equal for {@code stableMillis} or
     * {@code maxMillis} passes. Returns every sample (the checker decides).
     */
    List<DigestSample> pollDigests(Collection<NodeApi> nodes, long stableMillis, long maxMillis) {
        List<DigestSample> samples = new ArrayList<>();
        long start = recorder.nowNanos();
        long equalSince = -1;
        while (recorder.nowNanos() - start < TimeUnit.MILLISECONDS.toNanos(maxMillis)) {
            Map<String, String> round = new HashMap<>();
            StringBuilder states = new StringBuilder();
            for (NodeApi api : nodes) {
                Reply r = api.get("/v1/cluster/status");
                JsonNode status = r.ok() ? api.tree(r.body()) : null;
                String digest = status == null ? null : status.path("digest").asText(null);
                samples.add(new DigestSample(api.node(), recorder.nowNanos(), digest));
                round.put(api.node(), digest);
                states.append(' ').append(api.node()).append('=').append(status == null ? r.status() + " " + r.error()
                        : "{digest " + digest + ", vector " + status.path("versionVector") + ", pending "
                        + status.path("pendingOperations") + ", lag " + status.path("lagByPeer") + ", ready "
                        + status.path("ready") + ", degraded " + status.path("degraded") + "}");
            }
            boolean equal = !round.containsValue(null) && round.values().stream().distinct().count() == 1;
            long now = recorder.nowNanos();
            if (!equal && divergentRounds.size() < 200) {
                divergentRounds.add((now / 1_000_000L) + " ms:" + states);
            }
            equalSince = equal ? (equalSince < 0 ? now : equalSince) : -1;
            if (equalSince >= 0 && now - equalSince >= TimeUnit.MILLISECONDS.toNanos(stableMillis)) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return samples;
    }

    /** Per poll with unequal digests: time on the history clock and each node's status (at most 200). */
    List<String> divergentRounds() {
        return List.copyOf(divergentRounds);
    }

    NodeSnapshot snapshot(NodeApi api, String service, Collection<String> keys, List<MassExpiryChecker.Expiry> expiries) {
        JsonNode status = json(api, "/v1/cluster/status");
        Map<String, ReadEntry> instances = new HashMap<>();
        Reply list = getRetrying(api, "/v1/services/" + service + "/instances");
        if (!list.ok() && list.status() != 404) {
            throw new IllegalStateException(api.node() + " cannot list " + service + ": " + list);
        }
        api.parseInstances(service, list).forEach(e -> instances.put(e.key(), e));
        Map<String, List<ModelOp>> ops = new ConcurrentHashMap<>();
        List<MassExpiryChecker.Expiry> found = Collections.synchronizedList(new ArrayList<>());
        // Hundreds of keys per node: fetched 8 at a time, or this dominates a schedule's time.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (String key : keys) {
                pending.add(pool.submit(() -> history(api, key, ops, found)));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading histories", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        expiries.addAll(found);
        return new NodeSnapshot(api.node(), instances, ops, status.path("digest").asText(null),
                status.path("oplogSize").asLong(), status.path("tombstones").asLong(), status.path("instances").asLong(instances.size()),
                status.path("degraded").asBoolean());
    }

    private void history(NodeApi api, String key, Map<String, List<ModelOp>> ops, List<MassExpiryChecker.Expiry> expiries) {
        Reply r = getRetrying(api, "/v1/instances/" + key + "/history");
        if (r.status() == 404) {
            return;
        }
        if (!r.ok()) {
            throw new IllegalStateException(api.node() + " cannot give the history of " + key + ": " + r);
        }
        List<ModelOp> keyOps = new ArrayList<>();
        for (JsonNode e : api.tree(r.body())) {
            ModelOp op = modelOp(e);
            keyOps.add(op);
            if (op.kind().startsWith("EXPIRE")) {
                long runNanos = TimeUnit.MILLISECONDS.toNanos(op.hlcMillis() - wallMinusRunMillis);
                expiries.add(new MassExpiryChecker.Expiry(key, op.origin(), runNanos));
            }
        }
        ops.put(key, keyOps);
    }

    /** History entries: kind, origin, sequence, time (HLC wall ms), logical, detail (status for status ops). */
    static ModelOp modelOp(JsonNode e) {
        String kind = e.path("kind").asText();
        String detail = e.path("detail").isNull() ? null : e.path("detail").asText(null);
        String status = null;
        if (detail != null) {
            String first = kind.contains("STATUS") ? detail.trim() : detail.trim().split("\\s+").length > 1
                    ? detail.trim().split("\\s+")[1] : "";
            status = STATUSES.contains(first) ? first : null;
        }
        return new ModelOp(kind, e.path("origin").asText(), e.path("sequence").asLong(), e.path("time").asLong(),
                e.path("logical").asInt(), null, status);
    }

    /**
     * A few tries on no answer or a 5xx: a node just restarted (or short of CPU on a shared
     * machine) may miss one timeout. A 4xx is an answer and is returned at once.
     */
    private static Reply getRetrying(NodeApi api, String path) {
        Reply r = api.get(path);
        for (int attempt = 1; attempt < 5 && !r.ok() && (r.status() == 0 || r.status() >= 500); attempt++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            r = api.get(path);
        }
        return r;
    }

    private static JsonNode json(NodeApi api, String path) {
        Reply r = getRetrying(api, path);
        if (!r.ok()) {
            throw new IllegalStateException(api.node() + " " + path + " answered " + r);
        }
        return api.tree(r.body());
    }
}
