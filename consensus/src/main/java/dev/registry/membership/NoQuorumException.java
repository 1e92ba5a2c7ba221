package dev.registry.membership;

import java.util.Set;

/** A membership change was refused because this node cannot reach a Raft majority of the voters. */
public final class NoQuorumException extends RuntimeException {
    private final Set<String> reachableVoters;
    private final Set<String> voters;

    public NoQuorumException(Set<String> reachableVoters, Set<String> voters) {
        super("no Raft majority reachable: reachable voters " + reachableVoters + " of " + voters
                + " (need " + (voters.size() / 2 + 1) + ")");
        this.reachableVoters = Set.copyOf(reachableVoters);
        this.voters = Set.copyOf(voters);
    }

    public Set<String> reachableVoters() {
        return reachableVoters;
    }

    public Set<String> voters() {
        return voters;
    }
}
