package dev.registry.node.registry;

import java.time.Duration;

/**
 * Timings of the registry core.
 *
 * @param tickInterval        lease expiry checks, anti-entropy scheduling, beacons: a lease expires at
 *                            most this late, so it is small next to the shortest TTL (1 s)
 * @param adoptionGrace       after membership marks an owner gone, survivors wait this long before
 *                            adopting its leases, so the view has settled on every survivor
 * @param beaconInterval      how often an owner announces its lease count and hash; a few times per
 *                            adoption grace, so an owner still beaconing is never mistaken for gone
 * @param maintenanceInterval compaction of the log and collection of tombstones below the frontier
 * @param snapshotEveryOps    a state snapshot is written after this many logged operations ...
 * @param snapshotInterval    ... or after this long with at least one, so recovery replays little
 * @param tombstoneHorizon    rule P10(b): a tombstone older than this is collected even if some member
 *                            never acknowledged it; a node absent longer must re-bootstrap
 * @param ackTimeout          acks=2: how long to wait for a peer to confirm
 * @param readyTimeout        a node that hears from no peer this long after start serves what it has
 * @param deadlineTolerance   rule R1: a write is still applied this long past its client's deadline (by
 *                            this node's clock), the clock skew allowed between clients and nodes
 */
public record RegistryConfig(
        Duration tickInterval,
        Duration adoptionGrace,
        Duration beaconInterval,
        Duration maintenanceInterval,
        long snapshotEveryOps,
        Duration snapshotInterval,
        Duration tombstoneHorizon,
        Duration ackTimeout,
        Duration readyTimeout,
        Duration deadlineTolerance) {

    /** NTP keeps a cluster's clocks within milliseconds; a quarter second leaves room without opening a window. */
    public static final Duration DEFAULT_DEADLINE_TOLERANCE = Duration.ofMillis(250);

    public RegistryConfig {
        for (Duration d : new Duration[] {tickInterval, adoptionGrace, beaconInterval, maintenanceInterval,
                snapshotInterval, tombstoneHorizon, ackTimeout, readyTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("registry timings must be positive: " + d);
            }
        }
        if (beaconInterval.multipliedBy(2).compareTo(adoptionGrace) > 0) {
            throw new IllegalArgumentException("beaconInterval " + beaconInterval + " must be at most half the "
                    + "adoptionGrace " + adoptionGrace + ", or a live owner's leases could be adopted between beacons");
        }
        if (deadlineTolerance.isNegative()) {
            throw new IllegalArgumentException("deadlineTolerance must not be negative: " + deadlineTolerance);
        }
        if (snapshotEveryOps < 1) {
            throw new IllegalArgumentException("snapshotEveryOps must be positive: " + snapshotEveryOps);
        }
    }

    public static RegistryConfig lan() {
        return new RegistryConfig(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(5), 200_000, Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(2),
                Duration.ofSeconds(15), DEFAULT_DEADLINE_TOLERANCE);
    }

    public static RegistryConfig local() {
        return new RegistryConfig(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofSeconds(2), 200_000, Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofSeconds(2),
                Duration.ofSeconds(10), DEFAULT_DEADLINE_TOLERANCE);
    }

    public static RegistryConfig test() {
        return new RegistryConfig(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofMillis(100),
                Duration.ofMillis(500), 5_000, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), DEFAULT_DEADLINE_TOLERANCE);
    }

    public RegistryConfig withAckTimeout(Duration timeout) {
        return new RegistryConfig(tickInterval, adoptionGrace, beaconInterval, maintenanceInterval, snapshotEveryOps,
                snapshotInterval, tombstoneHorizon, timeout, readyTimeout, deadlineTolerance);
    }

    public RegistryConfig withTombstoneHorizon(Duration horizon) {
        return new RegistryConfig(tickInterval, adoptionGrace, beaconInterval, maintenanceInterval, snapshotEveryOps,
                snapshotInterval, horizon, ackTimeout, readyTimeout, deadlineTolerance);
    }

    public RegistryConfig withDeadlineTolerance(Duration tolerance) {
        return new RegistryConfig(tickInterval, adoptionGrace, beaconInterval, maintenanceInterval, snapshotEveryOps,
                snapshotInterval, tombstoneHorizon, ackTimeout, readyTimeout, tolerance);
    }
}
