package dev.registry.node.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns mutable state, fed by a queue. Tasks run in submission order; after each
 * drained batch the {@code afterBatch} hook runs once, so work done per batch (publishing views,
 * flushing outboxes) is amortised over many requests under load and costs one call when idle.
 */
public final class EventLoop implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final int MAX_BATCH = 1_024;

    private final String name;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Runnable afterBatch;
    private Thread thread;
    private ScheduledExecutorService timers;
    private volatile boolean running;

    public EventLoop(String name, Runnable afterBatch) {
        this.name = name;
        this.afterBatch = afterBatch;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        timers = Threads.scheduler(name + "-timer");
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (!running) {
            throw new RejectedExecutionException(name + " is stopped");
        }
        queue.add(task);
    }

    /** Runs {@code task} on the loop and completes with its result (or its exception). */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    result.complete(task.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Runs {@code task} on the loop after {@code delayMillis}. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return timers.schedule(() -> executeQuietly(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the loop every {@code periodMillis}; a slow loop skips, never piles up. */
    public ScheduledFuture<?> every(Runnable task, long periodMillis) {
        return timers.scheduleWithFixedDelay(() -> executeQuietly(task), periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public int queued() {
        return queue.size();
    }

    private void executeQuietly(Runnable task) {
        if (running) {
            queue.add(task);
        }
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Runnable first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (Runnable task : batch) {
                    runSafely(task);
                }
                batch.clear();
                runSafely(afterBatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A failed task must not stop the loop that serves every other request; the task's own
            // future (see submit) carries the error to its caller.
            LOG.error("{}: task failed", name, e);
        }
    }

    /** Stops taking tasks, runs what is queued, and stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        Threads.shutdown(timers, 1_000);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
