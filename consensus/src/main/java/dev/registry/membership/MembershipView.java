package dev.registry.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable snapshot of the membership. {@code epoch} increases by one with every committed change
 * of the record (0 = nothing committed yet, only configuration). Members are sorted by id.
 */
public record MembershipView(long epoch, Optional<String> leader, List<Member> members) {

    public MembershipView {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        leader = leader == null ? Optional.empty() : leader;
        members = members.stream().sorted(Comparator.comparing(Member::id)).toList();
    }

    /** Members not GONE or LEAVING (SUSPECTED members are still live: they may come back). */
    public List<Member> live() {
        return members.stream().filter(Member::live).toList();
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Set<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        members.forEach(m -> ids.add(m.id()));
        return ids;
    }

    public List<Member> voters() {
        return members.stream().filter(m -> m.role() == Role.VOTER).toList();
    }

    public MembershipView withLeader(Optional<String> newLeader) {
        return new MembershipView(epoch, newLeader, members);
    }
}
