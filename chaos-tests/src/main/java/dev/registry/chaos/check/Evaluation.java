package dev.registry.chaos.check;

import dev.registry.chaos.history.History;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Runs every checker over one schedule's history and final states, with the bounds of the run.
 * Pure: the runner gathers the inputs over HTTP, tests build them from models.
 */
public final class Evaluation {

    /**
     * @param convergenceMillis       T_conv: digests equal within this after the last write (5,000 in CI)
     * @param failoverMillis          T_fo: a failover client's next ok after a fault
     * @param clockUncertaintyMillis  the largest clock offset the schedule injected, plus the nodes' deadline
     *                                tolerance (an attempt abandoned by its client applies at most that late)
     * @param ttlMillis               the lease TTL the workload registers with
     */
    public record Bounds(long convergenceMillis, long failoverMillis, long clockUncertaintyMillis, long ttlMillis,
                         long logPerLiveKey, long logSlack, long tombstoneSlack) {
    }

    /** Everything the checkers read. {@code quiesceNanos}: the final heal or the last write, whichever is later. */
    public record Inputs(History history, Collection<NodeSnapshot> finals, Set<String> liveNodes,
                         List<ConvergenceChecker.DigestSample> digestSamples, long quiesceNanos,
                         Set<Integer> failoverProcesses, List<MassExpiryChecker.Expiry> expiries,
                         List<MassExpiryChecker.MinorityWindow> minorityWindows) {
    }

    public static final Set<String> DISRUPTIVE_FAULTS = Set.of("kill", "pause", "isolate", "restart", "wipe-restart");

    private Evaluation() {
    }

    public static List<CheckResult> run(Bounds b, Inputs in) {
        long ms = 1_000_000L;
        long skew = b.clockUncertaintyMillis() * ms;
        return List.of(
                new SetFullChecker(skew).check(in.history()),
                new ResurrectionChecker(b.convergenceMillis() * ms, skew).check(in.history()),
                new PhantomChecker().check(in.history(), in.finals()),
                new ResolverModelChecker().check(in.finals()),
                new ConvergenceChecker(b.convergenceMillis() * ms)
                        .check(in.quiesceNanos(), in.liveNodes(), in.digestSamples(), in.finals()),
                new FailoverChecker(b.failoverMillis() * ms, DISRUPTIVE_FAULTS).check(in.history(), in.failoverProcesses()),
                new MassExpiryChecker(b.ttlMillis() * ms, 1_000 * ms + skew, 0)
                        .check(in.history(), in.expiries(), in.minorityWindows()),
                new BoundedResourcesChecker(b.logPerLiveKey(), b.logSlack(), b.tombstoneSlack()).check(in.finals()));
    }
}
