package dev.registry.sim;

import java.util.Random;

/** What a process may do: read virtual time, send, draw seeded randomness. */
public interface SimContext<M> {

    /** Virtual epoch millis. */
    long now();

    /** Hands the message to the simulated network, which may drop, duplicate or delay it. */
    void send(String to, M message);

    /** This process's own generator, derived from the simulation seed. */
    Random random();

    String self();
}
