package dev.registry.chaos.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random schedules: the same seed always gives the same schedule, so a failing run is
 * replayed with {@code -Dchaos.seed=<seed>}. Faults are drawn one after another from the whole
 * repertoire (flapping arises from short fault/heal pairs), each healed before the next starts,
 * except that a network fault may overlap a process fault, as in the named combinations.
 */
public final class RandomSchedules {
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private RandomSchedules() {
    }

    public static Schedule generate(long seed, long durationMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Step> steps = new ArrayList<>();
        long healAt = durationMillis - Math.max(2_000, durationMillis / 5);
        long t = 1_500 + random.nextLong(1_500);
        while (t < healAt - 1_000) {
            long length = 500 + random.nextLong(Math.max(501, Math.min(5_000, healAt - t - 500)));
            long end = Math.min(t + length, healAt - 250);
            String node = NODES.get(random.nextInt(NODES.size()));
            switch (random.nextInt(10)) {
                case 0 -> network(steps, t, end, new Action.Isolate(node));
                case 1 -> network(steps, t, end, new Action.IsolateLeader());
                case 2 -> network(steps, t, end, new Action.Bridge(node));
                case 3 -> network(steps, t, end, new Action.OneWayRing());
                case 4 -> network(steps, t, end, new Action.Loss(10 + 10 * random.nextInt(4)));
                case 5 -> pair(steps, t, end, new Action.Kill(node), new Action.Restart(node));
                case 6 -> pair(steps, t, end, new Action.Pause(node), new Action.Resume(node));
                case 7 -> steps.add(new Step(t, new Action.Restart(node)));
                case 8 -> steps.add(new Step(t, new Action.WipeRestart(node)));
                default -> {
                    long offset = (random.nextBoolean() ? 1 : -1) * (500 + random.nextLong(2_500));
                    steps.add(new Step(t, new Action.ClockOffset(node, offset)));
                }
            }
            t = end + 200 + random.nextLong(1_500);
        }
        steps.add(new Step(healAt, new Action.HealAll()));
        return new Schedule("random-" + Long.toUnsignedString(seed, 16), seed, durationMillis, steps);
    }

    private static void network(List<Step> steps, long start, long end, Action fault) {
        pair(steps, start, end, fault, new Action.HealNetwork());
    }

    private static void pair(List<Step> steps, long start, long end, Action fault, Action heal) {
        steps.add(new Step(start, fault));
        steps.add(new Step(end, heal));
    }
}
