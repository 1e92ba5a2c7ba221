package dev.registry.membership;

import java.util.Optional;

/** What a {@link Membership} listener hears. Delivered on the implementation's event thread, in order. */
public sealed interface MembershipEvent {

    /**
     * A member appeared, changed state or disappeared. {@code before} is empty for a new member; the
     * epoch is the record's epoch after the change (unchanged for local SUSPECTED transitions).
     */
    record MemberChanged(Optional<Member> before, Member after, long epoch) implements MembershipEvent {
    }

    /** The Raft leader this node knows changed (empty: none known right now). */
    record LeaderChanged(Optional<String> leader) implements MembershipEvent {
    }

    /** This node gained or lost contact with a Raft majority of the voters. */
    record QuorumChanged(boolean hasQuorum) implements MembershipEvent {
    }
}
