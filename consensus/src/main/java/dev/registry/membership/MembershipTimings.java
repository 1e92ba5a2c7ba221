package dev.registry.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * The clocks of membership, one validated set per deployment profile.
 *
 * @param electionTimeout   Raft follower timeout before it stands for election; Raft randomizes it in
 *                          [t, 2t). Bounds how long a cluster started together waits for its first leader.
 * @param heartbeatInterval Raft leader heartbeat; must be well under the election timeout (at most a third).
 * @param sessionTimeout    Raft client session expiry; a node whose session expires re-opens it.
 * @param probeInterval     failure-detector (SWIM) probe period.
 * @param suspectAfter      failure-detector timeout: no answer for this long and the member is SUSPECTED.
 * @param goneAfter         a member SUSPECTED for this long is committed GONE (its leases get adopted).
 * @param changeTimeout     how long join/leave wait for Raft before failing with NoQuorumException.
 */
public record MembershipTimings(
        Duration electionTimeout,
        Duration heartbeatInterval,
        Duration sessionTimeout,
        Duration probeInterval,
        Duration suspectAfter,
        Duration goneAfter,
        Duration changeTimeout) {

    public MembershipTimings {
        Objects.requireNonNull(electionTimeout, "electionTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(suspectAfter, "suspectAfter");
        Objects.requireNonNull(goneAfter, "goneAfter");
        Objects.requireNonNull(changeTimeout, "changeTimeout");
        positive("electionTimeout", electionTimeout);
        positive("heartbeatInterval", heartbeatInterval);
        positive("probeInterval", probeInterval);
        positive("goneAfter", goneAfter);
        positive("changeTimeout", changeTimeout);
        if (heartbeatInterval.multipliedBy(3).compareTo(electionTimeout) > 0) {
            throw new IllegalArgumentException("heartbeatInterval " + heartbeatInterval
                    + " must be at most a third of electionTimeout " + electionTimeout);
        }
        if (sessionTimeout.compareTo(electionTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("sessionTimeout " + sessionTimeout
                    + " must outlive a leader change (>= 2 x electionTimeout " + electionTimeout + ")");
        }
        if (suspectAfter.compareTo(probeInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("suspectAfter " + suspectAfter
                    + " must span at least two probes of " + probeInterval);
        }
    }

    private static void positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * Pods on a LAN (the StatefulSet). Election 1 s: ten times a bad LAN round trip plus a GC pause, yet a
     * cluster started together elects within 1-2 s (Atomix's own 2.5 s made start-up take 3-5 s per group).
     * Suspect after 3 s of silence (SWIM probes every 500 ms, so six missed probes); gone 10 s later, so a
     * pod restart (typically 5-15 s on Kubernetes) usually comes back before its leases move.
     */
    public static MembershipTimings lan() {
        return new MembershipTimings(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** Several processes on one machine (the local launcher): loopback is fast, CPUs are shared. */
    public static MembershipTimings local() {
        return new MembershipTimings(Duration.ofMillis(600), Duration.ofMillis(150), Duration.ofSeconds(4),
                Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    /**
     * Several nodes in one test JVM on 2 shared cores: short enough that a behaviour suite finishes in
     * seconds, long enough (election 500 ms) that GC and JIT pauses of a loaded CI box do not cause
     * spurious elections.
     */
    public static MembershipTimings test() {
        return new MembershipTimings(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(3),
                Duration.ofMillis(200), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    public MembershipTimings withGoneAfter(Duration newGoneAfter) {
        return new MembershipTimings(electionTimeout, heartbeatInterval, sessionTimeout, probeInterval,
                suspectAfter, newGoneAfter, changeTimeout);
    }

    public MembershipTimings withChangeTimeout(Duration newChangeTimeout) {
        return new MembershipTimings(electionTimeout, heartbeatInterval, sessionTimeout, probeInterval,
                suspectAfter, goneAfter, newChangeTimeout);
    }
}
