package dev.registry.bench.load;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;

/**
 * Closed-loop load: {@code inFlight} loops, each issuing its next operation as soon as the previous one
 * completed, for a fixed time. Latency is from the actual send (closed loop: nothing queues outside the
 * system, so there is no coordinated omission to correct). Runs on the generator's event loop only.
 */
final class ClosedLoop {
    /** One operation: {@code seq} numbers operations from 0; the future yields how many items succeeded/failed. */
    interface Operation {
        Future<Outcome> start(long seq);
    }

    /** Items of one operation: 1/0 for a single write or read, n/m for a batch. */
    record Outcome(long ok, long failed) {
        static final Outcome OK = new Outcome(1, 0);
        static final Outcome FAILED = new Outcome(0, 1);
    }

    private final HttpLoad load;
    private long seq;

    ClosedLoop(HttpLoad load) {
        this.load = load;
    }

    /** Blocks the calling (driver) thread for {@code millis}; samples go to {@code recorder}. */
    void run(Operation operation, int inFlight, long millis, Recorder recorder) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        load.context().runOnContext(v -> {
            long now = System.nanoTime();
            recorder.begin(now);
            long deadline = now + millis * 1_000_000L;
            int[] active = {inFlight};
            for (int i = 0; i < inFlight; i++) {
                next(operation, deadline, recorder, active, done);
            }
        });
        done.join();
    }

    private void next(Operation operation, long deadline, Recorder recorder, int[] active, CompletableFuture<Void> done) {
        long start = System.nanoTime();
        if (start >= deadline) {
            if (--active[0] == 0) {
                recorder.end(start);
                done.complete(null);
            }
            return;
        }
        operation.start(seq++).onComplete(ar -> {
            long latency = System.nanoTime() - start;
            if (ar.succeeded()) {
                Outcome o = ar.result();
                if (o.ok() > 0) {
                    recorder.ok(latency, o.ok());
                }
                if (o.failed() > 0) {
                    recorder.error(o.failed());
                }
            } else {
                recorder.error(1);
            }
            next(operation, deadline, recorder, active, done);
        });
    }
}
