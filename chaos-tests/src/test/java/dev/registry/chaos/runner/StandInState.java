package dev.registry.chaos.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The stand-in's op log and its fold by the resolver spec. Synchronized: HTTP and gossip threads. */
final class StandInState {

    /** One operation; (wall, logical, origin) is its HLC stamp, origin#seq its identity. */
    record Op(String key, String kind, String origin, long seq, long wall, int logical, String payload, String opId,
              String status) {
    }

    private static final Comparator<Op> STAMP = Comparator.comparingLong(Op::wall).thenComparingInt(Op::logical)
            .thenComparing(Op::origin);

    private final String self;
    private final List<Op> log = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long seq;
    private long hlcWall;
    private int hlcLogical;

    StandInState(String self) {
        this.self = self;
    }

    /** A new local op stamped by the HLC: max(wall, last) with a logical counter for ties. */
    synchronized Op local(String key, String kind, long wallNow, String payload, String opId, String status) {
        if (wallNow > hlcWall) {
            hlcWall = wallNow;
            hlcLogical = 0;
        } else {
            hlcLogical++;
        }
        return new Op(key, kind, self, ++seq, hlcWall, hlcLogical, payload, opId, status);
    }

    /** Adds an op once; advances the HLC past it. Returns whether it was new. */
    synchronized boolean accept(Op op) {
        if (!seen.add(op.origin() + "#" + op.seq())) {
            return false;
        }
        log.add(op);
        if (op.origin().equals(self)) {
            seq = Math.max(seq, op.seq());
        }
        if (op.wall() > hlcWall || (op.wall() == hlcWall && op.logical() > hlcLogical)) {
            hlcWall = op.wall();
            hlcLogical = op.logical();
        }
        return true;
    }

    synchronized List<Op> since(int index, int max) {
        return List.copyOf(log.subList(Math.min(index, log.size()), Math.min(log.size(), index + max)));
    }

    synchronized boolean present(String key) {
        return fold().containsKey(key);
    }

    synchronized Map<String, Object> instances(String service) {
        List<Map<String, Object>> out = new ArrayList<>();
        fold().forEach((key, op) -> {
            if (key.startsWith(service + "/")) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("service", service);
                i.put("id", key.substring(service.length() + 1));
                i.put("status", op.status());
                i.put("metadata", Map.of("chaos.payload", String.valueOf(op.payload()), "chaos.opId", String.valueOf(op.opId())));
                out.add(i);
            }
        });
        return Map.of("service", service, "index", log.size(), "instances", out);
    }

    synchronized List<Map<String, Object>> history(String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        log.stream().filter(o -> o.key().equals(key)).sorted(STAMP.reversed()).forEach(o -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", o.kind());
            e.put("origin", o.origin());
            e.put("sequence", o.seq());
            e.put("time", o.wall());
            e.put("logical", o.logical());
            e.put("detail", o.kind().equals("SET_STATUS") ? o.status() : null);
            out.add(e);
        });
        return out;
    }

    synchronized Map<String, Object> status(String id) {
        Map<String, Op> state = fold();
        long tombstones = log.stream().filter(o -> o.kind().equals("DEREGISTER")).count();
        StringBuilder canonical = new StringBuilder();
        state.forEach((k, o) -> canonical.append(k).append('=').append(o.opId()).append(o.status()).append(';'));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("digest", Integer.toHexString(canonical.toString().hashCode()));
        out.put("oplogSize", log.size());
        out.put("tombstones", tombstones);
        out.put("instances", state.size());
        out.put("degraded", false);
        out.put("ready", true);
        return out;
    }

    /** Key -> the REGISTER op that holds it, with the latest status applied; absent keys omitted. */
    private Map<String, Op> fold() {
        Map<String, List<Op>> byKey = new TreeMap<>();
        log.forEach(o -> byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o));
        Map<String, Op> out = new TreeMap<>();
        byKey.forEach((key, ops) -> {
            ops.sort(STAMP);
            Op current = null;
            for (Op o : ops) {
                switch (o.kind()) {
                    case "REGISTER" -> current = o;
                    case "DEREGISTER" -> current = null;
                    default -> current = current == null ? null : new Op(current.key(), current.kind(), current.origin(),
                            current.seq(), current.wall(), current.logical(), current.payload(), current.opId(), o.status());
                }
            }
            if (current != null) {
                out.put(key, current);
            }
        });
        return out;
    }
}
