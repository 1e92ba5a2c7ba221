package dev.registry.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request shapes of the benchmarks. Instance ids cycle through a fixed key space so a long run replaces
 * registrations instead of growing the nodes' heaps without bound (the first pass registers, later passes
 * re-register: the same write path, an "updated" instead of a "registered" event). TTLs are an hour so no
 * lease expires during a run.
 */
final class Workloads {
    static final int TTL_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Workloads() {
    }

    /** The body of a single registration; {@code seq} lands in metadata so a watch event can be matched exactly. */
    static Buffer registration(long seq) {
        return Buffer.buffer("{\"host\":\"10." + ((seq >> 16) & 255) + "." + ((seq >> 8) & 255) + "." + (seq & 255)
                + "\",\"port\":8080,\"ttlSeconds\":" + TTL_SECONDS + ",\"metadata\":{\"seq\":\"" + seq + "\"}}");
    }

    static String instancePath(String service, String id) {
        return "/v1/services/" + service + "/instances/" + id;
    }

    /** GET of a service's instances, expecting 200. */
    static ClosedLoop.Operation read(HttpLoad load, int port, String service) {
        String uri = "/v1/services/" + service + "/instances";
        return seq -> load.send(HttpMethod.GET, port, uri, null, false).map(Workloads::single);
    }

    /**
     * PUT of one instance per operation, ids cycling through {@code keys} spread round-robin over {@code services}
     * services (prefix-0 ... prefix-(services-1)); the service count matters because a node republishes a changed
     * service's whole instance list after each batch of writes.
     */
    static ClosedLoop.Operation register(HttpLoad load, int port, String prefix, int services, int keys) {
        return seq -> {
            long k = seq % keys;
            return load.send(HttpMethod.PUT, port, instancePath(prefix + "-" + (k % services), "r-" + k),
                    registration(seq), false).map(Workloads::single);
        };
    }

    /** POST of {@code size}-item batches, prebuilt; the outcome counts items by their own status. */
    static ClosedLoop.Operation batch(HttpLoad load, int port, String prefix, int services, int size, int keys) {
        List<Buffer> bodies = batchBodies(prefix, services, size, keys);
        return seq -> load.send(HttpMethod.POST, port, "/v1/instances:batch", bodies.get((int) (seq % bodies.size())),
                true).map(reply -> reply.status() == 200 ? batchOutcome(reply.body(), size)
                : new ClosedLoop.Outcome(0, size));
    }

    /** Items spread round-robin over {@code services} services named prefix-0 ... (as for single writes). */
    static List<Buffer> batchBodies(String prefix, int services, int size, int keys) {
        int count = Math.max(1, keys / size);
        List<Buffer> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            StringBuilder s = new StringBuilder(size * 100).append("{\"instances\":[");
            for (int i = 0; i < size; i++) {
                long k = (long) b * size + i;
                s.append(i == 0 ? "" : ",").append("{\"service\":\"").append(prefix).append('-').append(k % services)
                        .append("\",\"id\":\"b-").append(k)
                        .append("\",\"host\":\"10.").append((k >> 16) & 255).append('.').append((k >> 8) & 255)
                        .append('.').append(k & 255).append("\",\"port\":8080,\"ttlSeconds\":").append(TTL_SECONDS)
                        .append('}');
            }
            bodies.add(Buffer.buffer(s.append("]}").toString()));
        }
        return bodies;
    }

    static ClosedLoop.Outcome batchOutcome(Buffer body, int size) {
        try {
            JsonNode results = JSON.readTree(body.getBytes()).get("results");
            long ok = 0;
            for (JsonNode r : results) {
                if (r.path("status").asInt() == 200) {
                    ok++;
                }
            }
            return new ClosedLoop.Outcome(ok, size - ok);
        } catch (IOException | RuntimeException e) {
            return new ClosedLoop.Outcome(0, size);
        }
    }

    private static ClosedLoop.Outcome single(HttpLoad.Reply reply) {
        return reply.status() == 200 ? ClosedLoop.Outcome.OK : ClosedLoop.Outcome.FAILED;
    }

    /** Number of instances in a discovery reply (a JSON array, or an object with an instances array). */
    static int instanceCount(Buffer body) throws IOException {
        JsonNode node = JSON.readTree(body.getBytes());
        JsonNode list = node.isArray() ? node : node.path("instances");
        return list.size();
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }
}
