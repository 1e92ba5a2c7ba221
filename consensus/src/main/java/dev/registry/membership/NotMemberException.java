package dev.registry.membership;

import java.util.Set;

/** The named member is not in the membership record; carries the ids that are, as a hint. */
public final class NotMemberException extends RuntimeException {
    private final String memberId;
    private final Set<String> knownMembers;

    public NotMemberException(String memberId, Set<String> knownMembers) {
        super("not a member: " + memberId + "; known members " + knownMembers);
        this.memberId = memberId;
        this.knownMembers = Set.copyOf(knownMembers);
    }

    public String memberId() {
        return memberId;
    }

    public Set<String> knownMembers() {
        return knownMembers;
    }
}
