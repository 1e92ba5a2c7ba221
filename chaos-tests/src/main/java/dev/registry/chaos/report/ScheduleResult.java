package dev.registry.chaos.report;

import dev.registry.chaos.check.CheckResult;
import dev.registry.chaos.history.History;
import dev.registry.chaos.history.Op;

import java.util.List;

/**
 * The outcome of one schedule: its identity (name, seed, printed steps), the tallies the report
 * aggregates, every checker's result, and the ops and faults the timeline draws. {@code valid} is
 * true when every gating checker passed.
 */
public record ScheduleResult(
        String name,
        long seed,
        String description,
        boolean valid,
        long operations,
        long ackedWrites,
        long lostWrites,
        long resurrections,
        long phantoms,
        long convergenceMillis,
        long maxFailoverMillis,
        List<CheckResult> checks,
        List<Op> timeline,
        List<String> nodes,
        String historyFile) {

    public ScheduleResult {
        checks = List.copyOf(checks);
        timeline = List.copyOf(timeline);
        nodes = List.copyOf(nodes);
    }

    /**
     * Tallies from the checkers' counts. A schedule that never converged reports
     * Long.MAX_VALUE as its convergence time so that the run's maximum fails the gate.
     */
    public static ScheduleResult from(String name, long seed, String description, History history,
                                      List<CheckResult> checks, List<String> nodes, String historyFile) {
        long convergence = count(checks, "convergence", "convergenceMillis");
        return new ScheduleResult(name, seed, description, checks.stream().allMatch(CheckResult::valid),
                history.completed().size(),
                count(checks, "set-full", "acked"),
                count(checks, "set-full", "lost"),
                count(checks, "resurrection", "resurrections"),
                count(checks, "phantom", "phantoms"),
                convergence < 0 ? Long.MAX_VALUE : convergence,
                count(checks, "failover", "maxFailoverMillis"),
                checks, timeline(history), nodes, historyFile);
    }

    /**
     * What the timeline draws: completions and nemesis entries, without read payloads. A run keeps
     * every schedule's timeline, and full reads (hundreds of entries each) exhausted the runner's heap.
     */
    static List<Op> timeline(History history) {
        return history.ops().stream()
                .filter(o -> o.process() == Op.NEMESIS_PROCESS || o.type() != dev.registry.chaos.history.OpType.INVOKE)
                .map(o -> o.read().isEmpty() ? o : new Op(o.index(), o.timeNanos(), o.process(), o.type(), o.kind(),
                        o.node(), o.key(), o.value(), o.opId(), List.of(), o.error()))
                .toList();
    }

    private static long count(List<CheckResult> checks, String checker, String name) {
        return checks.stream().filter(c -> c.checker().equals(checker)).mapToLong(c -> c.count(name)).findFirst().orElse(0);
    }
}
