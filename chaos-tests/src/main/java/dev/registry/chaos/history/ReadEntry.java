package dev.registry.chaos.history;

/**
 * One instance seen by a read: its key and the workload's payload and opId carried in the
 * instance metadata (so a read can be traced back to the register that wrote it).
 */
public record ReadEntry(String key, String payload, String opId, String status) {
}
