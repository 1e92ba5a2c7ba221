package dev.registry.bench.load;

import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Write on one node, see the event on another node's watch: the latency from a registration's send (serial
 * mode) or its intended send time (paced mode, so a stalled generator or node cannot hide queueing: no
 * coordinated omission) to the arrival of the watch event carrying the same seq. Writes that fail, and events
 * that do not arrive within {@link #TIMEOUT_NANOS}, are errors. State lives on the generator's event loop,
 * except the pacing thread, which only computes send times and hands each write to the loop.
 */
final class WatchLatency {
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final HttpLoad load;
    private final int writePort;
    private final String service;
    private final int keys;
    /** seq -> the nanoTime its latency counts from; event loop only. */
    private final Map<Long, Long> sentAt = new HashMap<>();
    private Recorder recorder;
    /** Writes sent and not yet answered; event loop only. */
    private int unanswered;
    private long seq;
    private boolean serial;
    private long deadline;
    private CompletableFuture<Void> serialDone;

    WatchLatency(HttpLoad load, int writePort, String service, int keys) {
        this.load = load;
        this.writePort = writePort;
        this.service = service;
        this.keys = keys;
    }

    /** The watch's listener: (seq, arrivalNanos) on the event loop. */
    void onEvent(long eventSeq, long arrivalNanos) {
        Long start = sentAt.remove(eventSeq);
        if (start == null || recorder == null) {
            return;
        }
        recorder.ok(arrivalNanos - start, 1);
        if (serial) {
            sendNext();
        }
    }

    /** One write at a time: the next is sent when the previous one's event arrived (or timed out). */
    void runSerial(long millis, Recorder into) {
        serialDone = new CompletableFuture<>();
        long timer = load.vertx().setPeriodic(50, id -> expireSerial());
        load.context().runOnContext(v -> {
            sentAt.clear();
            recorder = into;
            serial = true;
            long now = System.nanoTime();
            into.begin(now);
            deadline = now + millis * 1_000_000L;
            sendNext();
        });
        serialDone.join();
        load.vertx().cancelTimer(timer);
    }

    private void sendNext() {
        long now = System.nanoTime();
        if (now >= deadline) {
            serial = false;
            recorder.end(now);
            sentAt.clear();
            serialDone.complete(null);
            return;
        }
        write(seq++, now);
    }

    private void expireSerial() {
        if (!serial) {
            return;
        }
        long now = System.nanoTime();
        if (sentAt.values().stream().anyMatch(t -> now - t > TIMEOUT_NANOS)) {
            recorder.error(sentAt.size());
            sentAt.clear();
            sendNext();
        }
    }

    private void write(long s, long countFrom) {
        sentAt.put(s, countFrom);
        unanswered++;
        load.send(HttpMethod.PUT, writePort, Workloads.instancePath(service, "w-" + (s % keys)),
                Workloads.registration(s), false).onComplete(ar -> {
                    unanswered--;
                    if (ar.failed() || ar.result().status() != 200) {
                        if (sentAt.remove(s) != null) {
                            recorder.error(1);
                            if (serial) {
                                sendNext();
                            }
                        }
                    }
                });
    }

    /** Open loop at {@code rate} writes/s for {@code millis}; then waits for stragglers up to the timeout. */
    void runPaced(int rate, long millis, Recorder into) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        load.context().runOnContext(v -> {
            sentAt.clear();
            recorder = into;
            serial = false;
            ready.complete(null);
        });
        ready.join();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 1_000_000L;
        long end = start + millis * 1_000_000L;
        into.begin(start);
        for (long k = 0; ; k++) {
            long intended = start + k * period;
            if (intended >= end) {
                break;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long s = seq++;
            load.context().runOnContext(v -> write(s, intended));
        }
        into.end(end);
        long grace = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < grace && pendingCount() > 0) {
            LockSupport.parkNanos(10_000_000L);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        load.context().runOnContext(v -> {
            into.error(sentAt.size());
            sentAt.clear();
            recorder = null;
            closed.complete(null);
        });
        closed.join();
        // An overloaded run leaves writes queued in the client pool; let them drain (up to 60 s) so they do
        // not load the next window.
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < drain && onLoop(() -> unanswered) > 0) {
            LockSupport.parkNanos(10_000_000L);
        }
    }

    private int pendingCount() {
        return onLoop(sentAt::size);
    }

    private int onLoop(IntSupplier read) {
        CompletableFuture<Integer> value = new CompletableFuture<>();
        load.context().runOnContext(v -> value.complete(read.getAsInt()));
        return value.join();
    }
}
