package dev.registry.chaos.report;

import java.util.List;

/**
 * {@code chaos-tests/target/chaos-report.json}: the totals the CI gate reads (lostWrites,
 * resurrections and phantoms must be 0; maxConvergenceMillis within the bound) and one entry per
 * schedule. {@code seeds} lists each schedule's seed, so any one can be replayed.
 */
public record RunReport(
        String mode,
        long runSeed,
        String networkNemesis,
        int schedules,
        List<String> faults,
        long operations,
        long ackedWrites,
        long lostWrites,
        long resurrections,
        long phantoms,
        long maxConvergenceMillis,
        long maxFailoverMillis,
        List<Long> seeds,
        boolean valid,
        List<Summary> results) {

    /** A schedule's line in the JSON (the timeline stays out of it; it is in the HTML page). */
    public record Summary(String name, long seed, boolean valid, long operations, long ackedWrites, long lostWrites,
                          long resurrections, long phantoms, long convergenceMillis, long maxFailoverMillis,
                          String schedule, List<dev.registry.chaos.check.CheckResult> checks, String historyFile) {
    }

    public static RunReport of(String mode, long runSeed, String networkNemesis, List<ScheduleResult> results) {
        List<Summary> summaries = results.stream().map(r -> new Summary(r.name(), r.seed(), r.valid(), r.operations(),
                r.ackedWrites(), r.lostWrites(), r.resurrections(), r.phantoms(), r.convergenceMillis(),
                r.maxFailoverMillis(), r.description(), r.checks(), r.historyFile())).toList();
        List<String> faults = results.stream().flatMap(r -> r.timeline().stream())
                .filter(o -> o.process() == dev.registry.chaos.history.Op.NEMESIS_PROCESS)
                .map(o -> o.value().split(" ", 2)[0]).distinct().sorted().toList();
        return new RunReport(mode, runSeed, networkNemesis, results.size(), faults,
                results.stream().mapToLong(ScheduleResult::operations).sum(),
                results.stream().mapToLong(ScheduleResult::ackedWrites).sum(),
                results.stream().mapToLong(ScheduleResult::lostWrites).sum(),
                results.stream().mapToLong(ScheduleResult::resurrections).sum(),
                results.stream().mapToLong(ScheduleResult::phantoms).sum(),
                results.stream().mapToLong(ScheduleResult::convergenceMillis).max().orElse(0),
                results.stream().mapToLong(ScheduleResult::maxFailoverMillis).max().orElse(0),
                results.stream().map(ScheduleResult::seed).toList(),
                !results.isEmpty() && results.stream().allMatch(ScheduleResult::valid),
                summaries);
    }
}
