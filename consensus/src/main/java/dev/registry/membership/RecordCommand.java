package dev.registry.membership;

/** A proposed change of the {@link MembershipRecord}; what Raft replicates. */
public sealed interface RecordCommand {

    /** Adds the member, or brings it back ACTIVE (a restart with the same id, a re-join after leaving). */
    record Activate(Member member) implements RecordCommand {
    }

    /** The member leaves cleanly; it is GONE once the failure detector no longer sees it. */
    record Leave(String memberId) implements RecordCommand {
    }

    /** The member was suspected for longer than goneAfter (or left and disappeared). */
    record MarkGone(String memberId) implements RecordCommand {
    }
}
