package dev.registry.client.retry;

/**
 * Limits retries to a fraction of the traffic, so retries cannot multiply the load on a cluster
 * that is already failing. Each first attempt deposits {@code ratio} tokens, each retry withdraws
 * one; in addition {@code minPerSecond} tokens accrue per second, and a new budget starts with one
 * second's worth, so a client's very first failures can be retried. The balance is capped so a
 * long quiet period cannot save up a burst: at most {@code max(10, 10 * minPerSecond)} tokens.
 *
 * Time is passed in (monotonic nanos). Thread-safe (synchronized; called once per attempt, next to
 * a network call, never on the lookup path).
 */
public final class RetryBudget {

    private final double ratio;
    private final double perNano;
    private final double cap;
    private double tokens;
    private long lastNanos;
    private boolean started;

    public RetryBudget(RetryConfig config) {
        this.ratio = config.budgetRatio();
        this.perNano = config.budgetMinPerSecond() / 1e9;
        this.cap = Math.max(10, 10 * config.budgetMinPerSecond());
        this.tokens = config.budgetMinPerSecond();
    }

    /** Records a first attempt (not a retry). */
    public synchronized void onRequest(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(cap, tokens + ratio);
    }

    /** Takes the token for one retry; false means the budget is spent and the caller must not retry. */
    public synchronized boolean tryRetry(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public synchronized double balance(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            lastNanos = nowNanos;
            return;
        }
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(cap, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
