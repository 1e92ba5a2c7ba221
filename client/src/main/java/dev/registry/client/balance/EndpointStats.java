package dev.registry.client.balance;

import dev.registry.client.breaker.CircuitBreaker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the client has learned about one instance from its own calls: requests in flight, a
 * peak-sensitive moving average of latency, a moving failure rate, and the instance's circuit
 * breaker. Survives cache updates (kept per service/id), so a re-read list keeps its history.
 *
 * Both averages decay toward zero while the instance receives no traffic (time constant
 * {@code decayNanos}), so an instance that was slow or failing is tried again later instead of
 * being starved forever (the "peak EWMA" of Finagle). Updates are synchronized and happen once
 * per call; reads are lock-free volatile reads, for the balancer's hot path.
 */
public final class EndpointStats {

    /** Weight of one sample in the failure average. */
    private static final double FAILURE_ALPHA = 0.1;
    /** Weight of one faster-than-average latency sample. */
    private static final double LATENCY_ALPHA = 0.2;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final CircuitBreaker breaker;
    private final double decayNanos;
    private volatile double latencyNanos;
    private volatile long latencyStamp;
    private volatile double failureRate;
    private volatile long failureStamp;

    public EndpointStats(CircuitBreaker breaker, long decayNanos) {
        if (decayNanos <= 0) {
            throw new IllegalArgumentException("decayNanos must be positive");
        }
        this.breaker = breaker;
        this.decayNanos = decayNanos;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Marks a call as started; pair every call with {@link #onComplete}. */
    public void onStart() {
        inFlight.incrementAndGet();
    }

    /** A call started with {@link #onStart} ended without an outcome (interrupted): only the count changes. */
    public void onAbandon() {
        inFlight.decrementAndGet();
    }

    /** Records the end of a call started with {@link #onStart}: its latency and whether it failed. */
    public synchronized void onComplete(long nowNanos, long latencySample, boolean failed) {
        inFlight.decrementAndGet();
        double current = decayed(latencyNanos, latencyStamp, nowNanos);
        // Peak-sensitive: a slower sample replaces the average at once; faster ones blend in.
        latencyNanos = latencySample > current ? latencySample
                : current * (1 - LATENCY_ALPHA) + latencySample * LATENCY_ALPHA;
        latencyStamp = nowNanos;
        double rate = decayed(failureRate, failureStamp, nowNanos);
        failureRate = rate * (1 - FAILURE_ALPHA) + (failed ? FAILURE_ALPHA : 0);
        failureStamp = nowNanos;
    }

    /** The latency average at {@code nowNanos}, in nanos (0 when never measured). */
    public double latencyNanos(long nowNanos) {
        return decayed(latencyNanos, latencyStamp, nowNanos);
    }

    /** The failure average in [0, 1] at {@code nowNanos}. */
    public double failureRate(long nowNanos) {
        return decayed(failureRate, failureStamp, nowNanos);
    }

    /**
     * The cost the power-of-two-choices balancer minimises: expected latency times the queue the
     * next call joins, inflated steeply by the failure rate (a 50 % failing instance costs 6 times
     * as much). One nanosecond is added so instances never measured compare by load alone.
     */
    public double cost(long nowNanos) {
        double latency = latencyNanos(nowNanos) + 1;
        return latency * (inFlight.get() + 1) * (1 + 10 * failureRate(nowNanos));
    }

    private double decayed(double value, long stamp, long nowNanos) {
        long age = nowNanos - stamp;
        if (value == 0 || age <= 0) {
            return value;
        }
        return value * Math.exp(-age / decayNanos);
    }
}
