package dev.registry.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the agreed record plus local observations into the {@link MembershipView} a node shows, and the
 * events that tell listeners what changed since the previous view. Pure; confined to one thread.
 */
public final class ViewTracker {
    private MembershipView current;
    private boolean quorum;

    public ViewTracker(MembershipView initial, boolean initialQuorum) {
        this.current = initial;
        this.quorum = initialQuorum;
    }

    public MembershipView current() {
        return current;
    }

    public boolean quorum() {
        return quorum;
    }

    /** The view of {@code record} as this node sees it: live members it cannot reach are SUSPECTED. */
    public static MembershipView compose(MembershipRecord record, Set<String> suspected, Map<String, Long> lastSeen,
                                         Optional<String> leader) {
        List<Member> members = new ArrayList<>(record.members().size());
        for (Member m : record.members().values()) {
            Member shown = m.withLastSeen(lastSeen.getOrDefault(m.id(), m.lastSeenMillis()));
            if (suspected.contains(m.id()) && m.state() == MemberState.ACTIVE) {
                shown = new Member(m.id(), m.gossipAddress(), m.httpAddress(), m.role(), MemberState.SUSPECTED,
                        m.sinceMillis(), shown.lastSeenMillis());
            }
            members.add(shown);
        }
        return new MembershipView(record.epoch(), leader, members);
    }

    /**
     * Moves to {@code next} and returns the events, in order: member changes (ignoring lastSeen), then the
     * leader, then quorum. An older epoch than the current one is ignored (late Raft answers).
     */
    public List<MembershipEvent> advance(MembershipView next, boolean nextQuorum) {
        List<MembershipEvent> events = new ArrayList<>();
        if (next.epoch() < current.epoch()) {
            next = new MembershipView(current.epoch(), next.leader(), current.members());
        }
        for (Member after : next.members()) {
            Optional<Member> before = current.member(after.id());
            if (before.isEmpty() || !sameButLastSeen(before.get(), after)) {
                events.add(new MembershipEvent.MemberChanged(before, after, next.epoch()));
            }
        }
        if (!Objects.equals(current.leader(), next.leader())) {
            events.add(new MembershipEvent.LeaderChanged(next.leader()));
        }
        if (quorum != nextQuorum) {
            events.add(new MembershipEvent.QuorumChanged(nextQuorum));
        }
        current = next;
        quorum = nextQuorum;
        return events;
    }

    private static boolean sameButLastSeen(Member a, Member b) {
        return a.withLastSeen(0).equals(b.withLastSeen(0));
    }
}
