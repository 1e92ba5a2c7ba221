package dev.registry.node.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.registry.api.Health;
import dev.registry.api.HealthCheckSpec;
import dev.registry.api.InstanceStatus;
import dev.registry.clock.Hlc;
import dev.registry.merge.KeyRecord;
import dev.registry.merge.Liveness;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import dev.registry.oplog.Stamp;
import dev.registry.oplog.VersionVector;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** W1: the encoding is the format; these bytes may only change together with a new registration number. */
class WireCodecTest {

    private final WireCodec codec = new WireCodec();
    private static final InstanceKey KEY = new InstanceKey("orders", "orders-1");
    private static final Registration REGISTRATION = new Registration("10.0.0.7", 8080, 100, "eu-1a",
            List.of("v2"), Map.of("version", "1.4.2"), 30, HealthCheckSpec.http("/health", 5_000));

    private static Operation op(long seq, OpPayload payload) {
        return new Operation("n1~abc", seq, new Hlc(1_700_000_000_000L, 3), KEY, payload);
    }

    @Test
    void w1TheRegisterEncodingIsStable() {
        byte[] bytes = codec.encode(op(7, new OpPayload.Register(REGISTRATION, InstanceStatus.UP, "n1")));
        assertEquals(GOLDEN_REGISTER, HexFormat.of().formatHex(bytes));
        assertEquals(op(7, new OpPayload.Register(REGISTRATION, InstanceStatus.UP, "n1")),
                codec.decodeOperation(HexFormat.of().parseHex(GOLDEN_REGISTER)));
    }

    /** Registration 10 (operation) then 20 (REGISTER payload); recorded when the format was fixed. */
    private static final String GOLDEN_REGISTER = "0c6e317e6162e307018bcfe5680000036f72646572f36f72646572732db116"
            + "31302e302e302eb7903f6465752d31e10176b20176657273696fee312e342eb21e01002f6865616c74e8008827c4130102"
            + "016eb1";

    @Test
    void w2EveryMessageRoundTrips() {
        Operation register = op(1, new OpPayload.Register(REGISTRATION, InstanceStatus.STARTING, "n1"));
        List<Operation> ops = List.of(register, op(2, new OpPayload.Update(Registration.of("h", 1))),
                op(3, new OpPayload.SetStatus(InstanceStatus.DOWN)), op(4, new OpPayload.SetHealth(Health.CRITICAL)),
                op(5, new OpPayload.Adopt("n2")), op(6, new OpPayload.Deregister()), op(7, new OpPayload.Expire()));
        VersionVector vector = VersionVector.EMPTY.with("n1~abc", 7).with("n2~def", 3);
        Hlc clock = new Hlc(1_700_000_000_123L, 0);
        Stamp stamp = new Stamp(clock, "n1~abc");
        KeyRecord record = new KeyRecord(KEY, REGISTRATION, stamp, InstanceStatus.UP, stamp, Health.PASSING, stamp,
                "n1", stamp, Liveness.ALIVE, stamp);
        List<Message> messages = List.of(
                new Message.Push("n1~abc", ops, vector, clock),
                new Message.SyncRequest("n1~abc", vector, clock),
                new Message.SyncRequest("n1~abc", vector, clock, vector.with("n2~def", 9)),
                new Message.SyncReply("n2~def", ops, vector, clock, true, false),
                new Message.SnapshotRequest(42, 3),
                new Message.SnapshotChunk(42, 3, true, List.of(record), vector, clock),
                new Message.Beacon("n1", 12, -77L, clock),
                new Message.PushAck(vector));
        for (Message message : messages) {
            assertEquals(message, codec.decodeMessage(codec.encode(message)), message.getClass().getSimpleName());
        }
        assertEquals(record, codec.decodeKeyRecord(codec.encode(record)));
        for (Operation op : ops) {
            assertEquals(op, codec.decodeOperation(codec.encode(op)));
        }
    }

    /** W4: a received operation's log record is taken from the bytes it came in, and equals its own encoding. */
    @Test
    void w4AReceivedOperationIsLoggedAsItCame() {
        List<Operation> ops = List.of(op(1, new OpPayload.Register(REGISTRATION, InstanceStatus.UP, "n1")),
                op(2, new OpPayload.SetStatus(InstanceStatus.DOWN)), op(3, new OpPayload.Deregister()));
        VersionVector vector = VersionVector.EMPTY.with("n1~abc", 3);
        Hlc clock = new Hlc(1_700_000_000_123L, 0);
        for (Message sent : List.<Message>of(new Message.Push("n1~abc", ops, vector, clock),
                new Message.SyncReply("n1~abc", ops, vector, clock, false, false))) {
            Message received = codec.decodeMessage(codec.encode(sent));
            List<Operation> receivedOps = received instanceof Message.Push p ? p.ops()
                    : ((Message.SyncReply) received).ops();
            ReceivedOps withBytes = (ReceivedOps) receivedOps;
            // Out of order and with a stranger in between: identity decides, not position.
            assertArrayEquals(codec.encode(ops.get(1)), withBytes.recordOf(receivedOps.get(1)));
            assertEquals(null, withBytes.recordOf(ops.get(0)));
            assertArrayEquals(codec.encode(ops.get(0)), withBytes.recordOf(receivedOps.get(0)));
            assertArrayEquals(codec.encode(ops.get(2)), withBytes.recordOf(receivedOps.get(2)));
            assertEquals(ops.get(2), codec.decodeOperation(withBytes.recordOf(receivedOps.get(2))));
        }
    }

    @Test
    void w3GarbageIsATypedErrorNotACrash() {
        assertThrows(WireCodec.WireFormatException.class, () -> codec.decodeMessage(new byte[] {0x7f, 1, 2, 3}));
        assertThrows(WireCodec.WireFormatException.class, () -> codec.decodeMessage(new byte[0]));
        byte[] valid = codec.encode(new Message.SyncRequest("n1~abc", VersionVector.EMPTY, Hlc.ZERO));
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
        assertThrows(WireCodec.WireFormatException.class, () -> codec.decodeMessage(truncated));
        assertThrows(WireCodec.WireFormatException.class, () -> codec.decodeOperation(valid));
    }

    @Test
    void w5ASyncRequestFromASenderWithoutTheAppliedVectorMeansItHasWhatIsDurable() {
        VersionVector vector = VersionVector.EMPTY.with("n1~abc", 7);
        byte[] current = codec.encode(new Message.SyncRequest("n1~abc", vector, Hlc.ZERO));
        byte[] withoutTheField = java.util.Arrays.copyOf(current, current.length - 1); // the flag, false
        Message.SyncRequest decoded = (Message.SyncRequest) codec.decodeMessage(withoutTheField);
        assertEquals(vector, decoded.have());
        byte[] differing = codec.encode(new Message.SyncRequest("n1~abc", vector, Hlc.ZERO, vector.with("n1~abc", 9)));
        assertEquals(withoutTheField.length + 1, current.length, "in sync the field costs one byte");
        assertEquals(vector.with("n1~abc", 9), ((Message.SyncRequest) codec.decodeMessage(differing)).have());
    }

    @Test
    void w6DecodedOperationsShareTheirRepeatedValues() {
        Operation first = codec.decodeOperation(codec.encode(op(1, new OpPayload.Register(REGISTRATION,
                InstanceStatus.UP, "n1"))));
        Operation second = codec.decodeOperation(codec.encode(op(2, new OpPayload.Register(REGISTRATION,
                InstanceStatus.UP, "n1"))));
        assertEquals(first.key(), second.key());
        org.junit.jupiter.api.Assertions.assertSame(first.key().service(), second.key().service());
        org.junit.jupiter.api.Assertions.assertSame(first.origin(), second.origin());
        Registration a = ((OpPayload.Register) first.payload()).registration();
        Registration b = ((OpPayload.Register) second.payload()).registration();
        org.junit.jupiter.api.Assertions.assertSame(a.tags(), b.tags());
        org.junit.jupiter.api.Assertions.assertSame(a.metadata(), b.metadata());
        org.junit.jupiter.api.Assertions.assertSame(a.zone(), b.zone());
    }

    @Test
    void w4EncodingIsDeterministic() {
        Message message = new Message.Push("n1~abc", List.of(op(1, new OpPayload.Deregister())),
                VersionVector.EMPTY.with("a", 1), Hlc.ZERO);
        assertArrayEquals(codec.encode(message), new WireCodec().encode(message));
    }
}
