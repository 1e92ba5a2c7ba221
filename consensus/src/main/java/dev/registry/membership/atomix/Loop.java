package dev.registry.membership.atomix;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns a member's membership state. Atomix threads hand work to it; after
 * {@link #shutdown()} late hand-offs are dropped (the member is closing and their results are moot).
 */
final class Loop implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);
    private final ScheduledExecutorService executor;

    Loop(String name) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException closing) {
            // dropped: see class comment
        }
    }

    Optional<ScheduledFuture<?>> schedule(Runnable task, long delayMillis) {
        try {
            return Optional.of(executor.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closing) {
            return Optional.empty();
        }
    }

    Optional<ScheduledFuture<?>> every(Runnable task, long periodMillis) {
        try {
            return Optional.of(executor.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closing) {
            return Optional.empty();
        }
    }

    /**
     * A scheduled executor swallows a task's exception silently (and cancels a periodic task): log it and
     * keep going instead, the loop's state is only ever replaced whole, never left half-updated.
     */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("membership loop task failed", e);
            }
        };
    }

    void shutdown(long awaitMillis) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(awaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
