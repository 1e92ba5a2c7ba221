package dev.registry.node.registry;

import dev.registry.api.WatchEvent;
import dev.registry.merge.ApplyResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch subscribers and blocking-query waiters. Events collected during a batch are delivered at its
 * end, after the views they describe are published, in index order. Registry thread only, except
 * subscribe/unsubscribe (any thread).
 */
final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private record Subscriber(Set<String> services, Consumer<WatchEvent> listener) {
        boolean wants(String service) {
            return services.isEmpty() || services.contains(service);
        }
    }

    private record Waiter(long afterIndex, CompletableFuture<Long> future) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();
    private final List<WatchEvent> pending = new ArrayList<>();

    AutoCloseable subscribe(Set<String> services, Consumer<WatchEvent> listener) {
        Subscriber subscriber = new Subscriber(Set.copyOf(services), listener);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** Registry thread: remembers the event of a visible change for the end of the batch. */
    void applied(ApplyResult result, long serviceIndex) {
        WatchEvent.Type type = switch (result.change()) {
            case REGISTERED -> WatchEvent.Type.REGISTERED;
            case UPDATED -> WatchEvent.Type.UPDATED;
            case DEREGISTERED -> WatchEvent.Type.DEREGISTERED;
            case EXPIRED -> WatchEvent.Type.EXPIRED;
            case NONE -> null;
        };
        if (type == null) {
            return;
        }
        var instance = result.after() != null ? result.after() : result.before();
        if (instance != null && !subscribers.isEmpty()) {
            pending.add(new WatchEvent(type, instance.view(), serviceIndex));
        }
    }

    /** Registry thread: a waiter for the service's index to pass {@code afterIndex}. */
    void await(String service, long afterIndex, CompletableFuture<Long> future) {
        waiters.computeIfAbsent(service, s -> new ArrayList<>()).add(new Waiter(afterIndex, future));
    }

    /** Registry thread, end of batch: delivers events and releases waiters of the changed services. */
    void deliver(Set<String> changedServices, java.util.function.ToLongFunction<String> serviceIndex) {
        if (!pending.isEmpty()) {
            for (WatchEvent event : pending) {
                for (Subscriber subscriber : subscribers) {
                    if (subscriber.wants(event.instance().service())) {
                        try {
                            subscriber.listener().accept(event);
                        } catch (RuntimeException e) {
                            LOG.warn("watch listener failed; dropping it", e);
                            subscribers.remove(subscriber);
                        }
                    }
                }
            }
            pending.clear();
        }
        for (String service : changedServices) {
            List<Waiter> list = waiters.get(service);
            if (list == null) {
                continue;
            }
            long index = serviceIndex.applyAsLong(service);
            for (Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.future().isDone()) {
                    it.remove();
                } else if (index > waiter.afterIndex()) {
                    waiter.future().complete(index);
                    it.remove();
                }
            }
            if (list.isEmpty()) {
                waiters.remove(service);
            }
        }
    }

    /** Registry thread: forgets waiters whose futures completed by timeout. */
    void pruneWaiters() {
        waiters.values().forEach(list -> list.removeIf(w -> w.future().isDone()));
        waiters.values().removeIf(List::isEmpty);
    }
}
