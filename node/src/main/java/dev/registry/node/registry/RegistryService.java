package dev.registry.node.registry;

import dev.registry.api.ApiHeaders;
import dev.registry.api.ClusterStatus;
import dev.registry.api.HistoryEntry;
import dev.registry.api.InstanceStatus;
import dev.registry.api.MemberList;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.ServiceSummary;
import dev.registry.api.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the HTTP layer asks of a registry node. Requests arrive already validated against
 * {@link dev.registry.api.Limits}; this interface decides nothing about HTTP.
 *
 * <p>Threads: every method may be called from any thread (Vert.x event loops above all) and never
 * blocks. Writes complete once durably appended locally (and confirmed by one peer for
 * {@link Acks#TWO}). Reads answer from immutable snapshots published by the registry thread.
 */
public interface RegistryService {

    CompletableFuture<WriteResult> register(String service, String id, RegistrationRequest request, WriteTerms terms);

    default CompletableFuture<WriteResult> register(String service, String id, RegistrationRequest request, Acks acks) {
        return register(service, id, request, WriteTerms.of(acks));
    }

    /** Renews the lease. NotFound when the instance is not visible here, so the caller re-registers. */
    CompletableFuture<WriteResult> heartbeat(String service, String id);

    CompletableFuture<WriteResult> setStatus(String service, String id, InstanceStatus status, WriteTerms terms);

    default CompletableFuture<WriteResult> setStatus(String service, String id, InstanceStatus status, Acks acks) {
        return setStatus(service, id, status, WriteTerms.of(acks));
    }

    CompletableFuture<WriteResult> deregister(String service, String id, WriteTerms terms);

    default CompletableFuture<WriteResult> deregister(String service, String id, Acks acks) {
        return deregister(service, id, WriteTerms.of(acks));
    }

    /** Registers many; each request carries its service and id. One result per item, in order. */
    CompletableFuture<List<WriteResult>> registerBatch(List<RegistrationRequest> requests, WriteTerms terms);

    default CompletableFuture<List<WriteResult>> registerBatch(List<RegistrationRequest> requests, Acks acks) {
        return registerBatch(requests, WriteTerms.of(acks));
    }

    /** The visible instances of a service, sorted by id; an empty snapshot with the current index if unknown. */
    ServiceSnapshot service(String service);

    /** Every service with at least one visible instance, sorted by name. */
    List<ServiceSummary> services();

    /** The node-wide index: increases with every visible change. */
    long index();

    /**
     * Completes with the service's index as soon as it exceeds {@code afterIndex}, or with the
     * unchanged index once {@code maxWait} has passed. Never completes exceptionally on timeout.
     */
    CompletableFuture<Long> awaitChange(String service, long afterIndex, Duration maxWait);

    /**
     * Subscribes to visible changes of the given services (all services when empty). The listener runs
     * on the registry's notifier thread, in index order, and must not block; close the handle to stop.
     */
    AutoCloseable watch(Set<String> services, Consumer<WatchEvent> listener);

    /** The operations that shaped an instance, newest first; empty when nothing is known of it. */
    CompletableFuture<List<HistoryEntry>> history(String service, String id);

    ClusterStatus clusterStatus();

    MemberList members();

    /** True once the node has joined and caught up with its peers (GET /ready). */
    boolean ready();

    /** Acknowledgement level of a write (HTTP {@code ?acks=1|2}). */
    enum Acks { ONE, TWO }

    /**
     * How a write is to be taken.
     *
     * @param acks           its acknowledgement level
     * @param deadlineMillis the client's deadline (header {@code X-Registry-Deadline}, epoch milliseconds):
     *                       a write the node would apply later than this (give or take the configured
     *                       clock tolerance) is refused with 408 and nothing is stored; {@link #NO_DEADLINE}
     *                       when the client sent none
     */
    record WriteTerms(Acks acks, long deadlineMillis) {
        public static final long NO_DEADLINE = Long.MAX_VALUE;

        public static WriteTerms of(Acks acks) {
            return new WriteTerms(acks, NO_DEADLINE);
        }

        /**
         * Rule R1: a write is applied no later than its client's deadline (plus the clock tolerance), so
         * that an attempt the client abandoned and retried elsewhere (delayed by a partition's TCP
         * retransmissions, or queued in a paused node) cannot take a fresher stamp than the client's
         * later writes and undo them. Call just before the operation is stamped.
         *
         * @return the 408 refusal, or null when the write may go ahead
         */
        public WriteResult lateness(long nowMillis, long toleranceMillis) {
            if (deadlineMillis == NO_DEADLINE) {
                return null;
            }
            long lateBy = nowMillis - deadlineMillis;
            if (lateBy <= toleranceMillis) {
                return null;
            }
            return new WriteResult.Refused(408, "deadline_exceeded", "the write reached this node " + lateBy
                    + " ms after its deadline (" + ApiHeaders.DEADLINE + ": " + deadlineMillis + ", tolerance "
                    + toleranceMillis + " ms); nothing was stored. Retry with a new deadline; if every write to "
                    + "this node is refused, its clock is ahead of the client's");
        }
    }
}
