package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Rules R1-R5 of the agreed record (consensus/README.md). */
class MembershipRecordTest {
    private static Member member(String id, Role role) {
        return new Member(id, "127.0.0.1:7" + id.length(), "127.0.0.1:8" + id.length(), role, MemberState.JOINING, 0, 0);
    }

    @Test
    void r1_activateAddsAMemberActiveAndBumpsTheEpochByOne() {
        MembershipRecord r = MembershipRecord.empty().apply(new RecordCommand.Activate(member("a", Role.PEER)), 100).record();
        assertEquals(1, r.epoch());
        assertEquals(MemberState.ACTIVE, r.member("a").orElseThrow().state());
        assertEquals(100, r.member("a").orElseThrow().sinceMillis());
    }

    @Test
    void r2_aCommandThatChangesNothingKeepsTheEpoch() {
        MembershipRecord r = MembershipRecord.empty().apply(new RecordCommand.Activate(member("a", Role.PEER)), 100).record();
        MembershipRecord.Outcome again = r.apply(new RecordCommand.Activate(member("a", Role.PEER)), 200);
        assertSame(r, again.record());
        MembershipRecord gone = r.apply(new RecordCommand.MarkGone("a"), 300).record();
        assertEquals(2, gone.epoch());
        assertSame(gone, gone.apply(new RecordCommand.MarkGone("a"), 400).record());
    }

    @Test
    void r3_goneMembersComeBackActiveWithTheSameIdentity() {
        MembershipRecord r = MembershipRecord.empty().apply(new RecordCommand.Activate(member("v1", Role.VOTER)), 1).record()
                .apply(new RecordCommand.MarkGone("v1"), 2).record();
        assertEquals(MemberState.GONE, r.member("v1").orElseThrow().state());
        MembershipRecord back = r.apply(new RecordCommand.Activate(member("v1", Role.VOTER)), 3).record();
        assertEquals(MemberState.ACTIVE, back.member("v1").orElseThrow().state());
        assertEquals(3, back.epoch());
        assertEquals(Role.VOTER, back.member("v1").orElseThrow().role());
    }

    @Test
    void r4_leaveAndGoneOfAnUnknownMemberAreRefusedWithoutChange() {
        MembershipRecord r = MembershipRecord.empty();
        MembershipRecord.Outcome leave = r.apply(new RecordCommand.Leave("x"), 1);
        assertTrue(leave.refused());
        assertEquals("x", leave.refusedUnknownMember().orElseThrow());
        assertSame(r, leave.record());
        assertTrue(r.apply(new RecordCommand.MarkGone("x"), 1).refused());
    }

    @Test
    void r5_leavingAGoneMemberDoesNotResurrectItAsLeaving() {
        MembershipRecord r = MembershipRecord.empty().apply(new RecordCommand.Activate(member("a", Role.PEER)), 1).record()
                .apply(new RecordCommand.MarkGone("a"), 2).record();
        assertSame(r, r.apply(new RecordCommand.Leave("a"), 3).record());
    }

    @Test
    void configuredRecordListsTheVotersJoiningAndSelf() {
        Member self = member("p", Role.PEER);
        MembershipRecord r = MembershipRecord.configured(List.of(new Seed("v0", "h", 1), new Seed("v1", "h", 2)), self);
        assertEquals(0, r.epoch());
        assertEquals(List.of("p", "v0", "v1"), List.copyOf(r.members().keySet()));
        assertEquals(MemberState.JOINING, r.member("v0").orElseThrow().state());
        assertEquals("h:2", r.member("v1").orElseThrow().gossipAddress());
    }

    @Property(tries = 200)
    void epochCountsExactlyTheEffectiveChanges(@ForAll("commands") List<RecordCommand> commands) {
        MembershipRecord r = MembershipRecord.empty();
        long changes = 0;
        long now = 0;
        for (RecordCommand c : commands) {
            MembershipRecord next = r.apply(c, ++now).record();
            if (!next.members().equals(r.members())) {
                changes++;
            }
            r = next;
        }
        assertEquals(changes, r.epoch());
        assertTrue(r.members().values().stream().noneMatch(m -> m.state() == MemberState.SUSPECTED
                || m.state() == MemberState.JOINING), "the record holds only agreed states: " + r);
    }

    @Property(tries = 200)
    void codecRoundTripsAnyRecordAndCommand(@ForAll("commands") List<RecordCommand> commands) {
        MembershipRecord r = MembershipRecord.empty();
        long now = 0;
        for (RecordCommand c : commands) {
            assertEquals(c, RecordCodec.decodeCommand(RecordCodec.encode(c)));
            r = r.apply(c, ++now).record();
        }
        assertEquals(r, RecordCodec.decodeRecord(RecordCodec.encode(r)));
    }

    @Provide
    Arbitrary<List<RecordCommand>> commands() {
        Arbitrary<String> ids = Arbitraries.of("a", "b", "c", "v0");
        Arbitrary<Role> roles = Arbitraries.of(Role.class);
        Arbitrary<RecordCommand> activate = Combinators.combine(ids, roles)
                .as((id, role) -> new RecordCommand.Activate(member(id, role)));
        Arbitrary<RecordCommand> leave = ids.map(RecordCommand.Leave::new);
        Arbitrary<RecordCommand> gone = ids.map(RecordCommand.MarkGone::new);
        return Arbitraries.oneOf(activate, leave, gone).list().ofMaxSize(30);
    }

    @Test
    void membersMapIsImmutable() {
        MembershipRecord r = new MembershipRecord(0, Map.of());
        assertThrows(UnsupportedOperationException.class,
                () -> r.members().put("x", member("x", Role.PEER)));
    }
}
