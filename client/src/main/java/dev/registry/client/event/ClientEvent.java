package dev.registry.client.event;

import dev.registry.api.InstanceStatus;
import dev.registry.api.InstanceView;

/**
 * What the client tells its listeners. {@code self} marks events about this process's own
 * registration; the others describe changes the client saw in the services it caches.
 */
public sealed interface ClientEvent {

    /** An instance appeared (or this process registered itself). */
    record Registered(InstanceView instance, boolean self) implements ClientEvent {
    }

    /** An instance left, by deregistration or lease expiry (or this process deregistered itself). */
    record Deregistered(String service, String id, boolean self) implements ClientEvent {
    }

    /** An instance's declared status changed. {@code from} is null when it was unknown. */
    record StatusChanged(String service, String id, InstanceStatus from, InstanceStatus to, boolean self)
            implements ClientEvent {
    }

    /** The client left peer {@code from} for peer {@code to} ("host:port") because of {@code reason}. */
    record PeerFailedOver(String from, String to, String reason) implements ClientEvent {
    }

    /** No registry peer answers: lookups are served from the last known instances, marked stale. */
    record ServingStale(String reason) implements ClientEvent {
    }

    /** A peer answers again and the cache has been re-read: lookups are fresh again. */
    record ServingFresh(String peer) implements ClientEvent {
    }

    /** An instance's circuit breaker opened (calls refused) or closed (calls flow again). */
    record BreakerChanged(String service, String id, boolean open) implements ClientEvent {
    }
}
