package dev.registry.clock;

/**
 * A hybrid logical clock (Kulkarni et al., 2014). Mutable and NOT thread-safe: its owner (one
 * replica's single event thread) is the only caller. It never reads a clock itself; every call is
 * handed the caller's wall-clock reading in epoch milliseconds.
 *
 * <p>Invariant: every value it returns is strictly greater than every value it returned before,
 * whatever the wall-clock readings do (stand still, jump back, jump forward).
 *
 * <p>Implementation note: on the packed form ({@link Hlc#pack()}) the classic HLC update rules
 * collapse to {@code max(last + 1, remote + 1, now << 16)}: a larger wall reading resets the
 * logical part to 0, otherwise the larger of the two stamps gets its logical part incremented.
 * Incrementing the packed long also handles logical overflow: 65535 + 1 carries into the wall part,
 * i.e. the clock advances by one millisecond, as required.
 */
public final class HybridClock {

    /** Default bound on how far ahead of our wall clock a remote stamp may be before we count it. */
    public static final long DEFAULT_MAX_DRIFT_MILLIS = 60_000;

    private final long maxDriftMillis;
    private long last;
    private long farAheadWitnessed;
    private long maxDriftSeenMillis;

    public HybridClock() {
        this(DEFAULT_MAX_DRIFT_MILLIS);
    }

    public HybridClock(long maxDriftMillis) {
        this(maxDriftMillis, Hlc.ZERO);
    }

    /** Resumes a clock from a persisted time (a snapshot); the next stamp will be after {@code start}. */
    public HybridClock(long maxDriftMillis, Hlc start) {
        if (maxDriftMillis <= 0) {
            throw new IllegalArgumentException("maxDriftMillis must be positive: " + maxDriftMillis);
        }
        this.maxDriftMillis = maxDriftMillis;
        this.last = start.pack();
    }

    /** A local event (an operation this node creates). */
    public Hlc tick(long nowMillis) {
        return Hlc.unpack(tickPacked(nowMillis));
    }

    public long tickPacked(long nowMillis) {
        last = advance(Math.max(last + 1, wallOf(nowMillis)));
        return last;
    }

    /**
     * A remote stamp was received. The remote is always witnessed, even when it is absurdly far
     * ahead of our wall clock: refusing it would leave replicas unable to agree on an order (a
     * convergence failure), so we only count it ({@link #farAheadWitnessed()}) for the operator.
     * Returns the new local time, which is greater than {@code remote} and than any earlier value.
     */
    public Hlc witness(Hlc remote, long nowMillis) {
        return Hlc.unpack(witnessPacked(remote.pack(), nowMillis));
    }

    public long witnessPacked(long remotePacked, long nowMillis) {
        long remoteWall = remotePacked >>> 16;
        long drift = remoteWall - Math.max(0, nowMillis);
        if (drift > maxDriftMillis) {
            farAheadWitnessed++;
            maxDriftSeenMillis = Math.max(maxDriftSeenMillis, drift);
        }
        long next = Math.max(Math.max(last, remotePacked) + 1, wallOf(nowMillis));
        last = advance(next);
        return last;
    }

    public Hlc current() {
        return Hlc.unpack(last);
    }

    public long currentPacked() {
        return last;
    }

    /** How many witnessed remote stamps were more than the max drift ahead of our wall clock. */
    public long farAheadWitnessed() {
        return farAheadWitnessed;
    }

    /** The largest such lead seen, in milliseconds (0 if none exceeded the bound). */
    public long maxDriftSeenMillis() {
        return maxDriftSeenMillis;
    }

    public long maxDriftMillis() {
        return maxDriftMillis;
    }

    private static long wallOf(long nowMillis) {
        // Negative readings (a broken clock) count as 0; readings past 2^47 ms cannot be represented.
        long wall = Math.max(0, Math.min(nowMillis, Hlc.MAX_WALL_MILLIS));
        return wall << 16;
    }

    private static long advance(long next) {
        if (next < 0 || (next >>> 16) > Hlc.MAX_WALL_MILLIS) {
            // Fail fast: silently wrapping would break monotonicity, the clock's one promise.
            throw new IllegalStateException("hybrid clock exhausted its wall range (2^47 ms)");
        }
        return next;
    }
}
