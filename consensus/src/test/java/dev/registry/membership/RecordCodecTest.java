package dev.registry.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: the record and its commands live in Raft logs and snapshots on disk, so their encoding
 * must never change silently. If this fails, you changed the format: add a new format version instead.
 */
class RecordCodecTest {
    private static final Member A = new Member("a", "h:1", "h:2", Role.PEER, MemberState.ACTIVE, 5, 0);

    @Test
    void recordBytesAreStable() {
        MembershipRecord r = new MembershipRecord(7, Map.of("a", A));
        String hex = HexFormat.of().formatHex(RecordCodec.encode(r));
        assertEquals("01" + "0000000000000007" + "00000001"
                + "000161" + "0003683a31" + "0003683a32" + "01" + "01" + "0000000000000005" + "0000000000000000", hex);
        assertEquals(r, RecordCodec.decodeRecord(HexFormat.of().parseHex(hex)));
    }

    @Test
    void commandBytesAreStable() {
        assertEquals("0102000162", HexFormat.of().formatHex(RecordCodec.encode(new RecordCommand.Leave("b"))));
        assertEquals("0103000162", HexFormat.of().formatHex(RecordCodec.encode(new RecordCommand.MarkGone("b"))));
        assertEquals("0101" + "000161" + "0003683a31" + "0003683a32" + "01" + "01" + "0000000000000005"
                + "0000000000000000", HexFormat.of().formatHex(RecordCodec.encode(new RecordCommand.Activate(A))));
    }

    @Test
    void unknownFormatOrTagIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeRecord(new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeCommand(new byte[] {1, 9}));
        assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeRecord(new byte[] {1, 0}));
    }
}
