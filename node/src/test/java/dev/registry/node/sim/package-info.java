/**
 * Deterministic simulation of registry nodes (issue 4): the production {@code GossipCore},
 * {@code LeaseKeeper} and {@code Replica}, composed as {@code ReplicatedRegistry} composes them, run on
 * the seeded harness of conflict-resolution's test jar ({@code dev.registry.sim.Simulation}).
 *
 * <p>Model: {@link dev.registry.node.sim.SimNode} is one node (registry thread = the simulation thread);
 * {@link dev.registry.node.sim.SimDisk} is what survives its crash (identity, snapshot, log); appends
 * become durable after a seeded delay, in order, and only then is an own write acknowledged and pushed.
 * {@link dev.registry.node.sim.SimWorld} holds cut links, crash times and derives each node's
 * {@code ClusterView} (quorum = reaches a majority; GONE = crashed longer than a bound, seen by the
 * majority). {@link dev.registry.node.sim.Scenario} drives clients and faults for one seed, heals, and
 * checks {@link dev.registry.node.sim.Invariants} I1-I5 against the {@link dev.registry.node.sim.Ledger},
 * which no crash can erase.
 *
 * <p>Not modelled: acks=2 confirmation, beacons, Raft's own lag in noticing loss of quorum, real storage
 * failures (the storage package has its own model test).
 */
package dev.registry.node.sim;
