package dev.registry.chaos.nemesis;

import dev.registry.chaos.history.HistoryRecorder;
import dev.registry.chaos.net.Network;
import dev.registry.chaos.net.NetworkNemesis;
import dev.registry.chaos.schedule.Action;
import dev.registry.chaos.schedule.Schedule;
import dev.registry.chaos.schedule.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a schedule against the network and the processes, recording each action in the history
 * (on the same clock as the client ops) with the nodes it touched. Runs on the caller's thread.
 * Network cuts follow CHAOS-ON-THIS-MACHINE.md: ingress drops at the receiver, isolation by taking
 * the node's bridge port down.
 */
public final class NemesisExecutor {
    private final ClusterControl cluster;
    private final Network network;
    private final NetworkNemesis links;
    private final HistoryRecorder recorder;

    public NemesisExecutor(ClusterControl cluster, Network network, NetworkNemesis links, HistoryRecorder recorder) {
        this.cluster = cluster;
        this.network = network;
        this.links = links;
        this.recorder = recorder;
    }

    /** Applies each step at its time after {@code startNanos} (recorder clock); returns when the last ran. */
    public void play(Schedule schedule, long startNanos) {
        for (Step step : schedule.steps()) {
            long due = startNanos + TimeUnit.MILLISECONDS.toNanos(step.atMillis());
            long wait;
            while ((wait = due - recorder.nowNanos()) > 0) {
                LockSupport.parkNanos(wait);
            }
            apply(step.action());
        }
    }

    public void apply(Action action) {
        List<String> all = cluster.nodes();
        String allNodes = String.join(",", all);
        if (action instanceof Action.Isolate a) {
            isolate(a.node(), a.describe());
        } else if (action instanceof Action.IsolateLeader) {
            String leader = cluster.leader().orElse(all.get(0));
            isolate(leader, "isolate " + leader + " (leader)");
        } else if (action instanceof Action.Bridge a) {
            List<String> ends = new ArrayList<>(all);
            ends.remove(a.middle());
            links.cut(ends.get(0), ends.get(1));
            links.cut(ends.get(1), ends.get(0));
            recorder.nemesis(String.join(",", ends), a.describe());
        } else if (action instanceof Action.OneWayRing a) {
            for (int i = 0; i < all.size(); i++) {
                links.cut(all.get((i + 1) % all.size()), all.get(i));
            }
            recorder.nemesis(allNodes, a.describe());
        } else if (action instanceof Action.Loss a) {
            for (String from : all) {
                for (String at : all) {
                    if (!from.equals(at)) {
                        links.loss(from, at, a.percent());
                    }
                }
            }
            recorder.nemesis(allNodes, a.describe());
        } else if (action instanceof Action.HealNetwork a) {
            healNetwork();
            recorder.nemesis(allNodes, a.describe());
        } else if (action instanceof Action.HealAll a) {
            healNetwork();
            cluster.healProcesses();
            recorder.nemesis(allNodes, a.describe());
        } else {
            applyToProcess(action);
        }
    }

    private void applyToProcess(Action action) {
        if (action instanceof Action.Kill a) {
            process(a.node(), a.describe(), () -> cluster.kill(a.node()));
        } else if (action instanceof Action.Pause a) {
            process(a.node(), a.describe(), () -> cluster.pause(a.node()));
        } else if (action instanceof Action.Resume a) {
            process(a.node(), a.describe(), () -> cluster.resume(a.node()));
        } else if (action instanceof Action.Restart a) {
            process(a.node(), a.describe(), () -> cluster.restart(a.node(), false));
        } else if (action instanceof Action.WipeRestart a) {
            process(a.node(), a.describe(), () -> cluster.restart(a.node(), true));
        } else if (action instanceof Action.ClockOffset a) {
            process(a.node(), a.describe(), () -> cluster.clockOffset(a.node(), a.offsetMillis()));
        } else {
            throw new IllegalArgumentException("unknown nemesis action " + action);
        }
    }

    private void isolate(String node, String description) {
        network.isolate(node);
        recorder.nemesis(node, description);
    }

    /** Recorded before the signal, so the fault's time is never later than its effect. */
    private void process(String node, String description, Runnable action) {
        recorder.nemesis(node, description);
        action.run();
    }

    private void healNetwork() {
        links.heal();
        network.reconnectAll();
    }
}
