package dev.registry.chaos.nemesis;

import java.util.List;
import java.util.Optional;

/** The process side of the nemesis: what can be done to the node processes, by node name. */
public interface ClusterControl {

    List<String> nodes();

    void kill(String node);

    void pause(String node);

    void resume(String node);

    /** SIGKILL if running, optionally delete the data directory, start again (same clock offset). */
    void restart(String node, boolean wipe);

    /** Restart the node with its wall clock offset by {@code offsetMillis}. */
    void clockOffset(String node, long offsetMillis);

    /** Resume paused nodes and start dead ones (clock offsets stay). */
    void healProcesses();

    /** The current Raft leader as some reachable node reports it. */
    Optional<String> leader();

    /** Nodes whose process is running (paused counts as running). */
    List<String> running();
}
