package dev.registry.sim;

/**
 * A process in the simulation: a state machine driven by messages and timer ticks on virtual time.
 * All callbacks run on the simulation's single thread, one at a time.
 */
public interface SimProcess<M> {

    void onMessage(String from, M message, SimContext<M> ctx);

    void onTick(SimContext<M> ctx);

    /** The process crashed: drop volatile state, keep only what it made durable. No context: it cannot act. */
    void onCrash();

    /** Back after a crash: rebuild from durable state. */
    void onRestart(SimContext<M> ctx);
}
