package dev.registry.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * One line of the history. {@code timeNanos} is read from the runner's single monotonic clock,
 * relative to the start of the run. An invocation and its completion share {@code process} and
 * {@code opId}; the opId is unique per invocation and is also sent to the node (metadata) so
 * reads can name the write they saw.
 *
 * @param index     position in the history, 0-based, strictly increasing
 * @param process   client process number; -1 for the nemesis
 * @param node      node the request was sent to (for NEMESIS: the nodes the fault touches)
 * @param key       {@code service/instanceId} for writes; null for reads, digests, nemesis
 * @param value     register payload, status name, digest, or fault description
 * @param read      entries returned by an OK READ, else empty
 * @param error     why a FAIL or INFO ended so, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Op(
        long index,
        long timeNanos,
        int process,
        OpType type,
        OpKind kind,
        String node,
        String key,
        String value,
        String opId,
        List<ReadEntry> read,
        String error) {

    public static final int NEMESIS_PROCESS = -1;

    public Op {
        read = read == null ? List.of() : List.copyOf(read);
    }

    @JsonIgnore
    public long timeMillis() {
        return timeNanos / 1_000_000L;
    }

    @JsonIgnore
    public boolean isInvoke() {
        return type == OpType.INVOKE;
    }

    @JsonIgnore
    public Op withIndex(long newIndex) {
        return new Op(newIndex, timeNanos, process, type, kind, node, key, value, opId, read, error);
    }
}
