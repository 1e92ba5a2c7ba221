package dev.registry.client.event;

/**
 * Receives client events. Called synchronously on the client thread that noticed the change
 * (the watch, the scheduler, or a caller's thread): return quickly and do not block.
 */
@FunctionalInterface
public interface ClientListener {
    void onEvent(ClientEvent event);
}
