package dev.registry.client;

import dev.registry.client.balance.Strategy;
import dev.registry.client.breaker.BreakerConfig;
import dev.registry.client.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the client can be told, validated at construction. Start from a profile
 * ({@link #lan}, {@link #local}, {@link #test}) and change single knobs with the {@code with...}
 * methods.
 *
 * @param seeds                 registry peers to start from, "host:port"; the client learns the rest
 * @param connectTimeout        TCP connect to a peer or instance; a dead host must not cost the kernel's backoff
 * @param requestTimeout        one request to a peer, until the answer's headers; then it fails over
 * @param peerQuarantine        how long a peer that failed is tried only after all others
 * @param memberRefreshInterval how often the member list is re-read; doubles as the liveness
 *                              probe of the current peer (catches a peer that hangs silently)
 * @param resyncInterval        how often cached services are re-read in full, a safety net under the watch
 * @param watchReconnectBackoff pause before reconnecting a broken watch when no peer answered; doubles
 *                              with each further failure, up to 32 times
 * @param watchIdleTimeout      a watch that received nothing (not even the node's pings) for this long
 *                              is reconnected: a connection dropped silently by a middlebox looks idle
 * @param callTimeout           default timeout of {@code call} requests to service instances
 * @param strategy              the load-balancing strategy of every service
 * @param zone                  the client's zone for zone affinity; null or empty disables it
 * @param breaker               the per-instance circuit breaker
 * @param retry                 retries of {@code call}
 * @param statsDecay            time constant with which latency and failure averages forget
 * @param drainTime             graceful shutdown: time between going out of service and deregistering,
 *                              so callers whose cache still lists the instance finish their calls
 * @param shutdownHook          whether registrations deregister gracefully on JVM shutdown
 */
public record ClientConfig(
        List<String> seeds,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration peerQuarantine,
        Duration memberRefreshInterval,
        Duration resyncInterval,
        Duration watchReconnectBackoff,
        Duration watchIdleTimeout,
        Duration callTimeout,
        Strategy strategy,
        String zone,
        BreakerConfig breaker,
        RetryConfig retry,
        Duration statsDecay,
        Duration drainTime,
        boolean shutdownHook) {

    public ClientConfig {
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: at least one registry peer \"host:port\" is required");
        }
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            if (colon <= 0 || colon == seed.length() - 1 || !seed.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("seeds: '" + seed + "' is not host:port");
            }
        }
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        positive("peerQuarantine", peerQuarantine);
        positive("memberRefreshInterval", memberRefreshInterval);
        positive("resyncInterval", resyncInterval);
        positive("watchReconnectBackoff", watchReconnectBackoff);
        positive("watchIdleTimeout", watchIdleTimeout);
        positive("callTimeout", callTimeout);
        positive("statsDecay", statsDecay);
        Objects.requireNonNull(drainTime, "drainTime");
        if (drainTime.isNegative()) {
            throw new IllegalArgumentException("drainTime must not be negative");
        }
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(retry, "retry");
        zone = zone == null || zone.isEmpty() ? null : zone;
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * A data-centre network: a peer that has not answered in 1 s is treated as gone (LAN round
     * trips are sub-millisecond, so this is only ever a dead or stalled node); the member list is
     * re-read every 5 s, which bounds how long a silently hung peer keeps the watch; a watch silent
     * for 45 s has missed three of the node's 15 s pings and is reconnected; drain 5 s
     * covers the caches of other clients, which the watch refreshes within a second.
     */
    public static ClientConfig lan(List<String> seeds) {
        return new ClientConfig(seeds, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(45),
                Duration.ofSeconds(2),
                Strategy.POWER_OF_TWO_CHOICES, null, BreakerConfig.defaults(), RetryConfig.defaults(),
                Duration.ofSeconds(10), Duration.ofSeconds(5), true);
    }

    /** One machine (a developer's laptop): faster detection, short drain. */
    public static ClientConfig local(List<String> seeds) {
        return lan(seeds).withTimings(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                .withDrainTime(Duration.ofSeconds(1));
    }

    /**
     * Tests on loopback: a hung peer is detected within about 1 s (500 ms timeout, 250 ms probe),
     * a watch silent for 2 s is reconnected (test peers ping faster), drain 200 ms, no JVM hook
     * (tests close what they open).
     */
    public static ClientConfig test(List<String> seeds) {
        return new ClientConfig(seeds, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Strategy.POWER_OF_TWO_CHOICES, null, BreakerConfig.defaults(), RetryConfig.defaults(),
                Duration.ofSeconds(10), Duration.ofMillis(200), false);
    }

    /** Changes the three failure-detection timings together, because they are tuned together. */
    public ClientConfig withTimings(Duration connect, Duration request, Duration memberRefresh) {
        return new ClientConfig(seeds, connect, request, peerQuarantine, memberRefresh, resyncInterval,
                watchReconnectBackoff, watchIdleTimeout, callTimeout, strategy, zone, breaker, retry, statsDecay, drainTime, shutdownHook);
    }

    public ClientConfig withStrategy(Strategy value) {
        return new ClientConfig(seeds, connectTimeout, requestTimeout, peerQuarantine, memberRefreshInterval,
                resyncInterval, watchReconnectBackoff, watchIdleTimeout, callTimeout, value, zone, breaker, retry, statsDecay,
                drainTime, shutdownHook);
    }

    public ClientConfig withZone(String value) {
        return new ClientConfig(seeds, connectTimeout, requestTimeout, peerQuarantine, memberRefreshInterval,
                resyncInterval, watchReconnectBackoff, watchIdleTimeout, callTimeout, strategy, value, breaker, retry, statsDecay,
                drainTime, shutdownHook);
    }

    public ClientConfig withDrainTime(Duration value) {
        return new ClientConfig(seeds, connectTimeout, requestTimeout, peerQuarantine, memberRefreshInterval,
                resyncInterval, watchReconnectBackoff, watchIdleTimeout, callTimeout, strategy, zone, breaker, retry, statsDecay,
                value, shutdownHook);
    }

    public ClientConfig withResilience(BreakerConfig breakerValue, RetryConfig retryValue) {
        return new ClientConfig(seeds, connectTimeout, requestTimeout, peerQuarantine, memberRefreshInterval,
                resyncInterval, watchReconnectBackoff, watchIdleTimeout, callTimeout, strategy, zone, breakerValue, retryValue,
                statsDecay, drainTime, shutdownHook);
    }

    public ClientConfig withShutdownHook(boolean value) {
        return new ClientConfig(seeds, connectTimeout, requestTimeout, peerQuarantine, memberRefreshInterval,
                resyncInterval, watchReconnectBackoff, watchIdleTimeout, callTimeout, strategy, zone, breaker, retry, statsDecay,
                drainTime, value);
    }
}
