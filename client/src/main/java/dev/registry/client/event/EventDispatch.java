package dev.registry.client.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers events to the listeners; a listener that throws does not stop the others or the client. */
public final class EventDispatch {

    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ClientListener listener) {
        listeners.add(listener);
    }

    public void remove(ClientListener listener) {
        listeners.remove(listener);
    }

    public void emit(ClientEvent event) {
        for (ClientListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                // A listener's bug must not break discovery; report it where the JVM reports uncaught errors.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
