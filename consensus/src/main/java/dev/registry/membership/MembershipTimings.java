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
 * @param suspectAfter      failure-detector (SWIM) failure timeout: a suspect that does not refute it for
 *                          this long is dropped by SWIM. A member is SUSPECTED here as soon as SWIM finds it
 *                          unreachable (a missed probe), which is usually much earlier.
 * @param goneAfter         a member unreachable for this long is committed GONE (its leases get adopted).
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
     * Pods on a LAN (the StatefulSet). Election 750 ms: hundreds of LAN round trips and longer than a young
     * GC pause of a 1 GB heap, yet a cluster started together elects 0.75-1.5 s after its servers are up
     * (Atomix's hard-coded 2.5 s made it 2.5-5 s per group). Heartbeat 150 ms (a fifth). Sessions live 5 s.
     * The failure detector (SWIM) probes every 500 ms and drops a suspect after 3 s; a member is proposed
     * GONE 10 s after it was first unreachable, so a pod restart (typically 5-15 s on Kubernetes) often
     * comes back before its leases move. Changes wait 5 s for Raft before failing with NoQuorumException.
     */
    public static MembershipTimings lan() {
        return new MembershipTimings(Duration.ofMillis(750), Duration.ofMillis(150), Duration.ofSeconds(5),
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
