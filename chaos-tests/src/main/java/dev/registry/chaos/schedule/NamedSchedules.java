package dev.registry.chaos.schedule;

import dev.registry.chaos.schedule.Action.Bridge;
import dev.registry.chaos.schedule.Action.ClockOffset;
import dev.registry.chaos.schedule.Action.HealAll;
import dev.registry.chaos.schedule.Action.HealNetwork;
import dev.registry.chaos.schedule.Action.Isolate;
import dev.registry.chaos.schedule.Action.IsolateLeader;
import dev.registry.chaos.schedule.Action.Kill;
import dev.registry.chaos.schedule.Action.Loss;
import dev.registry.chaos.schedule.Action.OneWayRing;
import dev.registry.chaos.schedule.Action.Pause;
import dev.registry.chaos.schedule.Action.Restart;
import dev.registry.chaos.schedule.Action.Resume;
import dev.registry.chaos.schedule.Action.WipeRestart;

import java.util.ArrayList;
import java.util.List;

/**
 * The named schedules CI runs once each. Every schedule writes from 0 to its duration; faults
 * start after 2-3 s of calm so there is acknowledged state to lose, and the final full heal
 * leaves {@code tail} ms of writes on a healed cluster before the convergence measurement.
 * Times scale with {@code unitMillis} (1000 in CI; larger for soak runs on slow machines).
 */
public final class NamedSchedules {

    private NamedSchedules() {
    }

    public static List<Schedule> all(long seed, long unitMillis) {
        long u = unitMillis;
        List<Schedule> out = new ArrayList<>();
        out.add(s("isolate-one", seed, 15 * u, step(3 * u, new Isolate("n3")), heal(12 * u)));
        out.add(s("isolate-leader", seed, 15 * u, step(3 * u, new IsolateLeader()), heal(12 * u)));
        out.add(s("bridge", seed, 15 * u, step(3 * u, new Bridge("n2")), heal(12 * u)));
        out.add(s("one-way-ring", seed, 15 * u, step(3 * u, new OneWayRing()), heal(12 * u)));
        out.add(s("random-loss", seed, 15 * u, step(3 * u, new Loss(30)), heal(12 * u)));
        out.add(s("kill-one", seed, 15 * u, step(3 * u, new Kill("n2")), step(8 * u, new Restart("n2")), heal(12 * u)));
        out.add(s("pause-one", seed, 15 * u, step(3 * u, new Pause("n1")), step(8 * u, new Resume("n1")), heal(12 * u)));
        out.add(s("restart-from-disk", seed, 15 * u, step(3 * u, new Restart("n3")), step(6 * u, new Restart("n1")),
                heal(12 * u)));
        out.add(s("wipe-and-restart", seed, 15 * u, step(3 * u, new WipeRestart("n2")), heal(12 * u)));
        out.add(s("clock-ahead", seed, 15 * u, step(2 * u, new ClockOffset("n3", 3_000)), step(5 * u, new Isolate("n3")),
                heal(12 * u)));
        out.add(s("flapping-partition", seed, 15 * u,
                step(2 * u, new Isolate("n1")), step(3 * u + u / 2, new HealNetwork()),
                step(5 * u, new Isolate("n2")), step(6 * u + u / 2, new HealNetwork()),
                step(8 * u, new Bridge("n3")), step(9 * u + u / 2, new HealNetwork()),
                step(10 * u, new Isolate("n3")), heal(12 * u)));
        out.add(s("kill-during-partition", seed, 15 * u, step(3 * u, new Isolate("n3")), step(5 * u, new Kill("n1")),
                step(8 * u, new Restart("n1")), heal(12 * u)));
        out.add(s("pause-leader-under-loss", seed, 15 * u, step(2 * u, new Loss(20)), step(4 * u, new IsolateLeader()),
                step(6 * u, new HealNetwork()), step(6 * u, new Pause("n2")), step(9 * u, new Resume("n2")), heal(12 * u)));
        out.add(s("rolling-restarts", seed, 15 * u, step(2 * u, new Restart("n1")), step(5 * u, new Restart("n2")),
                step(8 * u, new Restart("n3")), heal(12 * u)));
        out.add(s("deregister-while-down", seed, 15 * u, step(2 * u, new Kill("n3")), step(10 * u, new Restart("n3")),
                heal(12 * u)));
        return List.copyOf(out);
    }

    private static Schedule s(String name, long seed, long duration, Step... steps) {
        return new Schedule(name, seed, duration, List.of(steps));
    }

    private static Step step(long at, Action a) {
        return new Step(at, a);
    }

    private static Step heal(long at) {
        return new Step(at, new HealAll());
    }
}
