package dev.registry.membership;

import java.util.Collections;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agreed membership record: member id -> member, and an epoch that increases by exactly one with
 * every change. Pure and immutable: the Raft state machine (and the in-memory twin) hold one and replace
 * it by applying {@link RecordCommand}s in log order, with the commit's time, so every replica computes
 * the same record.
 *
 * <p>Invariants: epoch >= 0; a command that changes nothing leaves the epoch unchanged (replays and
 * duplicate proposals from several nodes are free); records never hold SUSPECTED (suspicion is local).
 */
public record MembershipRecord(long epoch, Map<String, Member> members) {

    public MembershipRecord {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    public static MembershipRecord empty() {
        return new MembershipRecord(0, Map.of());
    }

    /** The record a node assumes before it has heard from Raft: the configured voters, JOINING, epoch 0. */
    public static MembershipRecord configured(Collection<Seed> voters, Member self) {
        TreeMap<String, Member> members = new TreeMap<>();
        for (Seed v : voters) {
            members.put(v.id(), new Member(v.id(), v.address(), "", Role.VOTER, MemberState.JOINING, 0, 0));
        }
        members.put(self.id(), self);
        return new MembershipRecord(0, members);
    }

    public Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    /** The outcome of applying a command: the new record and whether the command was refused. */
    public record Outcome(MembershipRecord record, Optional<String> refusedUnknownMember) {
        public boolean refused() {
            return refusedUnknownMember.isPresent();
        }
    }

    /** Applies one command at {@code nowMillis} (the commit's time, the same on every replica). */
    public Outcome apply(RecordCommand command, long nowMillis) {
        if (command instanceof RecordCommand.Activate a) {
            return upsertActive(a.member(), nowMillis);
        }
        if (command instanceof RecordCommand.Leave l) {
            return transition(l.memberId(), MemberState.LEAVING, nowMillis);
        }
        return transition(((RecordCommand.MarkGone) command).memberId(), MemberState.GONE, nowMillis);
    }

    private Outcome upsertActive(Member m, long nowMillis) {
        Member current = members.get(m.id());
        Member next = new Member(m.id(), m.gossipAddress(), m.httpAddress(), m.role(), MemberState.ACTIVE,
                nowMillis, 0);
        if (current != null && current.state() == MemberState.ACTIVE && sameIdentity(current, next)) {
            return new Outcome(this, Optional.empty());
        }
        return new Outcome(with(next), Optional.empty());
    }

    private Outcome transition(String id, MemberState to, long nowMillis) {
        Member current = members.get(id);
        if (current == null) {
            return new Outcome(this, Optional.of(id));
        }
        if (current.state() == to || (to == MemberState.LEAVING && current.state() == MemberState.GONE)) {
            return new Outcome(this, Optional.empty());
        }
        return new Outcome(with(current.withState(to, nowMillis).withLastSeen(0)), Optional.empty());
    }

    private static boolean sameIdentity(Member a, Member b) {
        return a.gossipAddress().equals(b.gossipAddress()) && a.httpAddress().equals(b.httpAddress())
                && a.role() == b.role();
    }

    private MembershipRecord with(Member m) {
        TreeMap<String, Member> next = new TreeMap<>(members);
        next.put(m.id(), m);
        return new MembershipRecord(epoch + 1, next);
    }
}
