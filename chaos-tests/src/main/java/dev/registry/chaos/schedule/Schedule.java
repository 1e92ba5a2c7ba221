package dev.registry.chaos.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A named, seeded list of timed nemesis steps: data, so it can be printed on failure and replayed.
 * {@code durationMillis} is when the workload stops writing; the last step is always a
 * {@link Action.HealAll} at or before it, after which the runner measures convergence.
 */
public record Schedule(String name, long seed, long durationMillis, List<Step> steps) {

    public Schedule {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingLong(Step::atMillis));
        steps = List.copyOf(sorted);
        if (steps.isEmpty() || !(steps.get(steps.size() - 1).action() instanceof Action.HealAll)) {
            throw new IllegalArgumentException("schedule " + name + " must end with a full heal");
        }
        if (steps.get(steps.size() - 1).atMillis() > durationMillis) {
            throw new IllegalArgumentException("schedule " + name + " heals after its end");
        }
    }

    public long healMillis() {
        return steps.get(steps.size() - 1).atMillis();
    }

    /** The largest clock offset the schedule injects: the checkers' clock uncertainty. */
    public long maxClockOffsetMillis() {
        return steps.stream().map(Step::action).filter(a -> a instanceof Action.ClockOffset)
                .mapToLong(a -> Math.abs(((Action.ClockOffset) a).offsetMillis())).max().orElse(0);
    }

    /** Printed on failure: enough to read what happened and to rerun it. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("schedule ").append(name).append(" seed=").append(seed)
                .append(" duration=").append(durationMillis).append("ms\n");
        steps.forEach(s -> b.append("  ").append(s).append('\n'));
        return b.toString();
    }
}
