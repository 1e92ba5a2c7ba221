package dev.registry.membership;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One backend of the membership behaviour suite: real Atomix on loopback, or the in-memory twin.
 * Implementations stop every member they started in {@link #close()}, even after a failed test.
 */
public interface ClusterFixture extends AutoCloseable {

    /** Creates and starts voters v0..v(n-1) together; returns their ids. */
    default List<String> startVoters(int count) {
        return startVoters(count, count);
    }

    /** Declares voters v0..v(n-1) and starts only the first {@code startNow}; returns all ids. */
    List<String> startVoters(int count, int startNow);

    /** The current incarnation of a member. */
    Membership node(String id);

    /** Stops a member abruptly, keeping its data directory. */
    void kill(String id);

    /** Starts a killed member again with the same id and data directory. */
    Membership restart(String id);

    /** Creates and starts a non-voting peer that joins through the voters. */
    Membership startPeer(String id);

    /** Waits until {@code condition} holds, for at most {@code within} (real or virtual time). */
    void awaitTrue(String what, Duration within, BooleanSupplier condition);

    MembershipTimings timings();

    @Override
    void close();
}
