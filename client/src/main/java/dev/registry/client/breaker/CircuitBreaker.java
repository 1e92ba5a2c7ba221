package dev.registry.client.breaker;

/**
 * A circuit breaker for one instance: CLOSED lets every call through and counts consecutive
 * failures; at {@code failureThreshold} it turns OPEN and refuses calls for {@code openDuration};
 * then it is HALF_OPEN and lets at most {@code halfOpenProbes} calls through at once. A failed
 * probe opens it again; {@code successesToClose} consecutive successful probes close it.
 *
 * Time is passed in (nanoseconds of a monotonic clock), so tests drive it without waiting.
 * Thread-safe: transitions are synchronized; {@link #allowsPick(long)} reads one volatile field
 * and takes no lock, because the balancer asks it on the lookup hot path.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** What a transition did, so the caller can count and report it. */
    public enum Transition { NONE, OPENED, CLOSED }

    private final BreakerConfig config;
    private final long openNanos;
    private volatile State state = State.CLOSED;
    /** Valid while OPEN: when probes may start (nanos). */
    private volatile long openUntil;
    private int consecutiveFailures;
    private int probesInFlight;
    private int probeSuccesses;

    public CircuitBreaker(BreakerConfig config) {
        this.config = config;
        this.openNanos = config.openDuration().toNanos();
    }

    public State state() {
        return state;
    }

    /** Whether a balancer may choose this instance now; a lock-free hint, {@link #tryAcquire} decides. */
    public boolean allowsPick(long nowNanos) {
        State s = state;
        return s == State.CLOSED || (s == State.OPEN && nowNanos - openUntil >= 0) || s == State.HALF_OPEN;
    }

    /**
     * Asks to make one call now. True means go ahead, and the caller must later report the outcome
     * with {@link #onSuccess} or {@link #onFailure} (or {@link #release} if it never called).
     */
    public synchronized boolean tryAcquire(long nowNanos) {
        if (state == State.OPEN && nowNanos - openUntil >= 0) {
            state = State.HALF_OPEN;
            probesInFlight = 0;
            probeSuccesses = 0;
        }
        switch (state) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (probesInFlight < config.halfOpenProbes()) {
                    probesInFlight++;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** Gives back a permit that was acquired but not used for a call. */
    public synchronized void release() {
        if (state == State.HALF_OPEN && probesInFlight > 0) {
            probesInFlight--;
        }
    }

    public synchronized Transition onSuccess(long nowNanos) {
        consecutiveFailures = 0;
        if (state == State.HALF_OPEN) {
            probesInFlight = Math.max(0, probesInFlight - 1);
            probeSuccesses++;
            if (probeSuccesses >= config.successesToClose()) {
                state = State.CLOSED;
                return Transition.CLOSED;
            }
        }
        return Transition.NONE;
    }

    public synchronized Transition onFailure(long nowNanos) {
        switch (state) {
            case CLOSED:
                consecutiveFailures++;
                if (consecutiveFailures >= config.failureThreshold()) {
                    open(nowNanos);
                    return Transition.OPENED;
                }
                return Transition.NONE;
            case HALF_OPEN:
                open(nowNanos);
                return Transition.OPENED;
            default:
                // A late answer of a call started before the breaker opened: already open, nothing to do.
                return Transition.NONE;
        }
    }

    private void open(long nowNanos) {
        openUntil = nowNanos + openNanos;
        state = State.OPEN;
        consecutiveFailures = 0;
        probesInFlight = 0;
        probeSuccesses = 0;
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker[" + state + ", failures=" + consecutiveFailures + "]";
    }
}
