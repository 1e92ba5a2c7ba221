package dev.registry.bench.replication.atomix;

import io.atomix.cluster.messaging.MessagingService;
import io.atomix.cluster.messaging.impl.ProtocolRequest;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A partition for one atomix-gossip map inside one JVM: the nodes share loopback source addresses, so no
 * packet filter can tell their connections apart; instead each node's handlers for the map's subjects are
 * wrapped so that messages from members in {@link #from} are dropped on arrival, unanswered. Atomix 3.1
 * keeps those handlers in a private registry of its Netty messaging service, reached here by reflection
 * (a benchmark harness, pinned to atomix 3.1.12).
 */
final class MapCut {

    /** Ports of the senders whose messages for the map are dropped (every node listens on 127.0.0.1). */
    volatile Set<Integer> from = Set.of();

    private MapCut() {
    }

    /** Wraps every handler registered so far on {@code messaging} whose subject names {@code map}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static MapCut install(MessagingService messaging, String map) {
        MapCut cut = new MapCut();
        try {
            Object registry = field(messaging.getClass(), "handlers").get(messaging);
            Map<String, BiConsumer> handlers = (Map<String, BiConsumer>) field(registry.getClass(), "handlers")
                    .get(registry);
            int wrapped = 0;
            for (Map.Entry<String, BiConsumer> entry : handlers.entrySet()) {
                if (entry.getKey().contains(map)) {
                    BiConsumer inner = entry.getValue();
                    entry.setValue((request, connection) -> {
                        if (!cut.from.isEmpty() && cut.from.contains(((ProtocolRequest) request).sender().port())) {
                            return; // lost in the partition
                        }
                        inner.accept(request, connection);
                    });
                    wrapped++;
                }
            }
            if (wrapped == 0) {
                throw new IllegalStateException("no handler of map " + map + " to cut: " + handlers.keySet());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach atomix's message handlers (atomix 3.1.12 expected)", e);
        }
        return cut;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
