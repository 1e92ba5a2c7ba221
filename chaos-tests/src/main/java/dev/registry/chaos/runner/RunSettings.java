package dev.registry.chaos.runner;

/**
 * The knobs of a run. Defaults are the CI short mode: five plain clients, two failover clients and
 * one process on the project's Java client, at a
 * 40 ms think time (a few hundred ops/s, light on a 2-core machine), TTL 60 s so no lease expires
 * during a 15 s schedule unless something is wrong, T_conv 5 s (the gate).
 */
record RunSettings(int plainProcesses, int failoverProcesses, int clientLibraryProcesses, int ttlSeconds, long thinkMillis,
                   long convergenceBoundMillis, long failoverBoundMillis, long tombstoneBound, long readyTimeoutMillis,
                   long unitMillis) {

    static RunSettings defaults() {
        return new RunSettings(5, 2, 1, 60, 40, 5_000, 5_000, 10_000, 60_000, 1_000);
    }

    RunSettings withUnitMillis(long unit) {
        return new RunSettings(plainProcesses, failoverProcesses, clientLibraryProcesses, ttlSeconds, thinkMillis, convergenceBoundMillis,
                failoverBoundMillis, tombstoneBound, readyTimeoutMillis, unit);
    }
}
