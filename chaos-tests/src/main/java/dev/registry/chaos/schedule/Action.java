package dev.registry.chaos.schedule;

/**
 * One nemesis action. Network cuts are silent ingress drops at the receiving node; process
 * actions signal the node JVM by PID. {@link #describe()} is what the history records: its first
 * word names the fault (the failover checker and the fault windows read it), then the nodes.
 */
public sealed interface Action {

    String describe();

    /** Bridge port down: the node hears nobody, clients included (the runner is on the bridge). */
    record Isolate(String node) implements Action {
        public String describe() {
            return "isolate " + node;
        }
    }

    /** Isolates whichever node is Raft leader when the step runs (resolved by the executor). */
    record IsolateLeader() implements Action {
        public String describe() {
            return "isolate leader";
        }
    }

    /** The two other nodes cannot reach each other; {@code middle} still reaches both. */
    record Bridge(String middle) implements Action {
        public String describe() {
            return "bridge " + middle;
        }
    }

    /** n1 hears only n3, n2 only n1, n3 only n2: every message can flow one way round the ring. */
    record OneWayRing() implements Action {
        public String describe() {
            return "ring n1<-n3,n2<-n1,n3<-n2";
        }
    }

    /** Random loss of {@code percent}% of packets between every pair of nodes, each direction. */
    record Loss(int percent) implements Action {
        public String describe() {
            return "loss " + percent + "%";
        }
    }

    record Kill(String node) implements Action {
        public String describe() {
            return "kill " + node;
        }
    }

    record Pause(String node) implements Action {
        public String describe() {
            return "pause " + node;
        }
    }

    record Resume(String node) implements Action {
        public String describe() {
            return "resume " + node;
        }
    }

    /** SIGKILL if running, then start again from the same data directory. */
    record Restart(String node) implements Action {
        public String describe() {
            return "restart " + node;
        }
    }

    /** SIGKILL, delete the data directory, start empty (tests re-bootstrap and acks=2 durability). */
    record WipeRestart(String node) implements Action {
        public String describe() {
            return "wipe-restart " + node;
        }
    }

    /** Restart the node with its wall clock offset by {@code offsetMillis} (the node's test flag). */
    record ClockOffset(String node, long offsetMillis) implements Action {
        public String describe() {
            return "clock " + node + " " + (offsetMillis >= 0 ? "+" : "") + offsetMillis + "ms";
        }
    }

    /** Network heal only (processes untouched). */
    record HealNetwork() implements Action {
        public String describe() {
            return "heal-network";
        }
    }

    /** Everything back: network healed, paused nodes resumed, dead nodes started. */
    record HealAll() implements Action {
        public String describe() {
            return "heal";
        }
    }
}
