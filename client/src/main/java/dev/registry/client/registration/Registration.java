package dev.registry.client.registration;

import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;
import dev.registry.api.Limits;
import dev.registry.api.RegistrationRequest;
import dev.registry.client.event.ClientEvent;
import dev.registry.client.event.EventDispatch;
import dev.registry.client.metrics.ClientMetrics;
import dev.registry.client.peer.PeerResponse;
import dev.registry.client.peer.RegistryTransport;
import dev.registry.client.peer.RegistryUnavailableException;
import dev.registry.client.wire.WireCodec;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This process's registration: registered at {@link #start()}, kept alive by heartbeats every
 * third of the lease TTL (so two heartbeats may be lost before the lease expires), and ended by
 * {@link #close()} gracefully: OUT_OF_SERVICE first, so callers stop choosing it; then the drain
 * time, while calls already routed here finish and other clients' caches catch up; then
 * deregistration. A JVM shutdown hook runs the same close when enabled.
 *
 * The registry being unreachable never throws: registration is retried by the heartbeat loop,
 * and a heartbeat answered 404 (the lease was lost, e.g. expired during a partition) registers
 * again with the current status. Threads: heartbeats on the client's scheduler; status changes
 * and close on the caller's thread (close blocks for the drain time).
 */
public final class Registration implements AutoCloseable {

    private final RegistrationRequest request;
    private final RegistryTransport transport;
    private final WireCodec codec;
    private final ScheduledExecutorService scheduler;
    private final Duration drainTime;
    private final EventDispatch events;
    private final ClientMetrics metrics;
    private final String path;
    private final Thread hook;
    /** Held by a heartbeat for its whole run and by deregistration, so no beat re-registers after DELETE. */
    private final Object beatLock = new Object();
    /** Opened when the graceful shutdown has finished, so a second close (hook and client) waits for it. */
    private final CountDownLatch done = new CountDownLatch(1);

    // Guarded by this.
    private InstanceStatus status;
    private boolean registered;
    private boolean closing;
    private boolean stopped;
    private ScheduledFuture<?> heartbeats;

    public Registration(RegistrationRequest request, RegistryTransport transport, WireCodec codec,
                        ScheduledExecutorService scheduler, Duration drainTime, boolean shutdownHook,
                        EventDispatch events, ClientMetrics metrics) {
        this.request = request;
        this.transport = transport;
        this.codec = codec;
        this.scheduler = scheduler;
        this.drainTime = drainTime;
        this.events = events;
        this.metrics = metrics;
        this.path = "/v1/services/" + URLEncoder.encode(request.service(), StandardCharsets.UTF_8) + "/instances/"
                + URLEncoder.encode(request.id(), StandardCharsets.UTF_8);
        this.status = InstanceStatus.parse(request.status()).orElse(InstanceStatus.UP);
        this.hook = shutdownHook ? new Thread(this::closeFromHook, "registry-deregister-" + request.id()) : null;
    }

    public String service() {
        return request.service();
    }

    public String id() {
        return request.id();
    }

    public synchronized InstanceStatus status() {
        return status;
    }

    /** Whether the registry has acknowledged this instance and not lost it since. */
    public synchronized boolean registered() {
        return registered;
    }

    /** Registers once now (if no peer answers, the heartbeat loop keeps trying) and starts heartbeats. */
    public void start() throws InterruptedException {
        register();
        int ttl = request.ttlSeconds() == null ? Limits.TTL_DEFAULT_SECONDS : request.ttlSeconds();
        long periodMillis = Math.max(100, ttl * 1000L / 3);
        synchronized (this) {
            heartbeats = scheduler.scheduleWithFixedDelay(this::beat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Declares a new status (e.g. UP after warm-up). Returns false if no peer could be told now. */
    public boolean setStatus(InstanceStatus next) throws InterruptedException {
        InstanceStatus previous;
        synchronized (this) {
            if (stopped) {
                return false;
            }
            previous = status;
            status = next;
        }
        try {
            PeerResponse response = transport.send("PUT", path + "/status",
                    codec.status(next.name()), "status of " + request.id());
            if (response.status() == 404) {
                return register();
            }
            if (response.ok() && previous != next) {
                events.emit(new ClientEvent.StatusChanged(service(), id(), previous, next, true));
            }
            return response.ok();
        } catch (RegistryUnavailableException e) {
            return false;
        }
    }

    private boolean register() throws InterruptedException {
        RegistrationRequest body;
        synchronized (this) {
            body = new RegistrationRequest(request.service(), request.id(), request.host(), request.port(),
                    request.weight(), request.zone(), request.tags(), request.metadata(), status.name(),
                    request.ttlSeconds(), request.check());
        }
        try {
            PeerResponse response = transport.send("PUT", path, codec.registration(body),
                    "registration of " + request.id());
            if (!response.ok()) {
                // A 4xx here is the caller's mistake that validation did not catch; it will not heal by retrying.
                throw new IllegalArgumentException("registration of " + request.id() + " refused with HTTP "
                        + response.status() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            synchronized (this) {
                registered = true;
            }
            events.emit(new ClientEvent.Registered(decode(response.body()), true));
            return true;
        } catch (RegistryUnavailableException e) {
            return false;
        }
    }

    private InstanceView decode(byte[] body) {
        try {
            return codec.instance(body);
        } catch (IOException e) {
            return new InstanceView(request.service(), request.id(), request.host(), request.port(),
                    request.weight() == null ? Limits.WEIGHT_DEFAULT : request.weight(), request.zone(),
                    request.tags(), request.metadata(), status(), null, 0, null, 0, 0);
        }
    }

    private void beat() {
        synchronized (beatLock) {
            beatLocked();
        }
    }

    private void beatLocked() {
        try {
            boolean known;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                known = registered;
            }
            if (!known) {
                register();
                return;
            }
            PeerResponse response = transport.send("PUT", path + "/heartbeat", null, "heartbeat of " + request.id());
            metrics.heartbeats.increment();
            if (response.status() == 404) {
                metrics.reRegistrations.increment();
                synchronized (this) {
                    registered = false;
                }
                register();
            }
        } catch (RegistryUnavailableException e) {
            // Keep beating: the lease outlives a few missed heartbeats, and the next peer may answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is silently cancelled; report instead and keep the heartbeat alive.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /**
     * Graceful shutdown: out of service, drain, deregister. Blocks for the drain time. Idempotent:
     * a second call (the JVM hook and the client's close) waits until the first has finished.
     */
    @Override
    public void close() throws InterruptedException {
        shutdown(false);
    }

    private void closeFromHook() {
        try {
            shutdown(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown(boolean fromHook) throws InterruptedException {
        boolean first;
        synchronized (this) {
            first = !closing;
            closing = true;
        }
        if (!first) {
            // Wait outside the monitor: the first closer needs it (and a running heartbeat too).
            done.await();
            return;
        }
        try {
            deregisterGracefully(fromHook);
        } finally {
            done.countDown();
        }
    }

    private void deregisterGracefully(boolean fromHook) throws InterruptedException {
        if (hook != null && !fromHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running or will run and find us closing.
            }
        }
        setStatus(InstanceStatus.OUT_OF_SERVICE);
        if (!drainTime.isZero()) {
            TimeUnit.NANOSECONDS.sleep(drainTime.toNanos());
        }
        synchronized (beatLock) {
            synchronized (this) {
                stopped = true;
                registered = false;
                if (heartbeats != null) {
                    heartbeats.cancel(false);
                }
            }
            try {
                PeerResponse response = transport.send("DELETE", path, null, "deregistration of " + request.id());
                if (response.ok() || response.status() == 404) {
                    events.emit(new ClientEvent.Deregistered(service(), id(), true));
                }
            } catch (RegistryUnavailableException e) {
                // No peer answers: the lease owner will expire the instance after its TTL.
            }
        }
    }
}
