package dev.registry.client.call;

import dev.registry.client.balance.Endpoint;
import dev.registry.client.breaker.CircuitBreaker;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.event.EventDispatch;
import dev.registry.client.metrics.ClientMetrics;
import dev.registry.client.retry.RetryBudget;
import dev.registry.client.retry.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Performs an HTTP request against some instance of a service: pick (balancer + breakers), send
 * with a timeout, record latency and outcome, and retry on another instance with exponential
 * backoff and jitter while the retry budget allows.
 *
 * What is retried: a request that never reached the instance (connection refused, connect
 * timeout) always; for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) also timeouts, broken
 * connections and 502/503/504. A 5xx answer counts as a failure for the breaker and the balancer
 * and is returned to the caller when no retry is left. Blocking: runs on the caller's thread.
 */
public final class ServiceCaller {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    /** Waits between attempts; injected so tests need not wait. */
    @FunctionalInterface
    public interface Pause {
        void nanos(long nanos) throws InterruptedException;
    }

    private final Picker picker;
    private final HttpClient http;
    private final RetryPolicy policy;
    private final RetryBudget budget;
    private final Duration callTimeout;
    private final LongSupplier nanos;
    private final RandomGenerator random;
    private final Pause pause;
    private final ClientMetrics metrics;
    private final EventDispatch events;

    public ServiceCaller(Picker picker, HttpClient http, RetryPolicy policy, RetryBudget budget, Duration callTimeout,
                         LongSupplier nanos, RandomGenerator random, Pause pause, ClientMetrics metrics,
                         EventDispatch events) {
        this.picker = picker;
        this.http = http;
        this.policy = policy;
        this.budget = budget;
        this.callTimeout = callTimeout;
        this.nanos = nanos;
        this.random = random;
        this.pause = pause;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * @param requestFor builds the request for an instance's base URI ({@code http://host:port});
     *                   called once per attempt; a request without a timeout gets the call timeout
     */
    public <T> HttpResponse<T> call(String service, Function<URI, HttpRequest> requestFor,
                                    HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        metrics.calls.increment();
        budget.onRequest(nanos.getAsLong());
        Set<String> tried = Set.of();
        for (int attempt = 1; ; attempt++) {
            Endpoint endpoint;
            try {
                endpoint = picker.pick(service, tried);
            } catch (IOException e) {
                metrics.callFailures.increment();
                throw e;
            }
            Attempt<T> outcome = attempt(service, endpoint, requestFor, handler);
            if (!outcome.failed()) {
                return outcome.response();
            }
            metrics.attemptFailures.increment();
            boolean more = outcome.retryable() && attempt < policy.maxAttempts();
            if (more && !budget.tryRetry(nanos.getAsLong())) {
                metrics.retriesDenied.increment();
                more = false;
            }
            if (!more) {
                metrics.callFailures.increment();
                if (outcome.response() != null) {
                    return outcome.response();
                }
                throw new CallFailedException(service, attempt, outcome.error());
            }
            metrics.retries.increment();
            if (tried.isEmpty()) {
                tried = new HashSet<>();
            }
            tried.add(endpoint.id());
            pause.nanos(policy.backoffNanos(attempt, random));
        }
    }

    private record Attempt<T>(HttpResponse<T> response, IOException error, boolean failed, boolean retryable) {
    }

    private <T> Attempt<T> attempt(String service, Endpoint endpoint, Function<URI, HttpRequest> requestFor,
                                   HttpResponse.BodyHandler<T> handler) throws InterruptedException {
        CircuitBreaker breaker = endpoint.stats().breaker();
        if (!breaker.tryAcquire(nanos.getAsLong())) {
            // Another thread took the half-open probe slot first: try elsewhere, as if refused at once.
            return new Attempt<>(null, new ConnectException("circuit breaker of " + endpoint + " is open"),
                    true, true);
        }
        HttpRequest request = requestFor.apply(endpoint.baseUri());
        if (request.timeout().isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).timeout(callTimeout).build();
        }
        boolean idempotent = IDEMPOTENT.contains(request.method());
        metrics.attempts.increment();
        endpoint.stats().onStart();
        long start = nanos.getAsLong();
        Attempt<T> outcome;
        try {
            HttpResponse<T> response = http.send(request, handler);
            int status = response.statusCode();
            boolean failed = status >= 500;
            boolean retryable = idempotent && (status == 502 || status == 503 || status == 504);
            outcome = new Attempt<>(response, null, failed, retryable);
        } catch (IOException e) {
            boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
            outcome = new Attempt<>(null, e, true, neverSent || idempotent);
        } catch (InterruptedException | RuntimeException e) {
            endpoint.stats().onAbandon();
            breaker.release();
            throw e;
        }
        long end = nanos.getAsLong();
        endpoint.stats().onComplete(end, end - start, outcome.failed());
        CircuitBreaker.Transition transition = outcome.failed() ? breaker.onFailure(end) : breaker.onSuccess(end);
        if (transition == CircuitBreaker.Transition.OPENED) {
            metrics.breakerOpened.increment();
            events.emit(new ClientEvent.BreakerChanged(service, endpoint.id(), true));
        } else if (transition == CircuitBreaker.Transition.CLOSED) {
            events.emit(new ClientEvent.BreakerChanged(service, endpoint.id(), false));
        }
        return outcome;
    }
}
