package dev.registry.membership;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Who the members of the cluster are, decided by Raft among the voters.
 *
 * <p>Threads: every method may be called from any thread and never blocks; futures complete on an
 * implementation thread (do not block in their callbacks). Listeners run on one event thread, in order.
 *
 * <p>Failures of {@link #join}/{@link #leave} complete the future exceptionally with
 * {@link NoQuorumException} (no Raft majority reachable now) or {@link NotMemberException}
 * (an unknown member id).
 */
public interface Membership extends AutoCloseable {

    /**
     * Starts the member. Completes as soon as this node can serve its data path (messaging bound, the
     * configured or last-known member list loaded): well before a Raft election. Raft joins in the
     * background; {@link #ready()} turns true and events flow when it has.
     */
    CompletableFuture<Void> start();

    String localId();

    /** The latest view this node knows; before {@link #ready()} the configured/last-known members, epoch as last seen. */
    MembershipView view();

    /** Whether this node can reach a Raft majority of the voters right now (self-preservation, I5). */
    boolean hasQuorum();

    /** Raft joined and the membership record loaded at least once. */
    boolean ready();

    void addListener(Consumer<MembershipEvent> listener);

    /** Adds (or re-activates) a non-voting peer; may be called on any member, voter or not. */
    CompletableFuture<MembershipView> join(Member peer);

    /** Marks a member as having left cleanly (LEAVING, then GONE); a voter keeps its Raft vote. */
    CompletableFuture<MembershipView> leave(String memberId);

    /** Stops the member; idempotent; blocks until local resources are released. */
    @Override
    void close();
}
