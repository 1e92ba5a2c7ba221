package dev.registry.node.wire;

import static dev.registry.node.wire.CoreSerializers.readHlc;
import static dev.registry.node.wire.CoreSerializers.readVector;
import static dev.registry.node.wire.CoreSerializers.writeHlc;
import static dev.registry.node.wire.CoreSerializers.writeVector;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.registry.merge.KeyRecord;
import dev.registry.oplog.Operation;
import java.util.ArrayList;
import java.util.List;

/** Serializers of {@link Message} records; field order is the wire format. */
final class MessageSerializers {

    /** A list longer than this on the wire is corrupt or hostile: refuse it before allocating. */
    static final int MAX_LIST = 1_000_000;

    private MessageSerializers() {
    }

    static void writeOps(Kryo kryo, Output out, List<Operation> ops) {
        out.writeVarInt(ops.size(), true);
        for (Operation op : ops) {
            kryo.writeObject(out, op);
        }
    }

    /**
     * The operations of a message. Read from an array (as {@link WireCodec} reads every message), each keeps
     * the range of it that it came in (see {@link ReceivedOps}).
     */
    static List<Operation> readOps(Kryo kryo, Input in) {
        int size = boundedSize(in);
        if (in.getInputStream() != null) {
            List<Operation> ops = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                ops.add(kryo.readObject(in, Operation.class));
            }
            return ops;
        }
        Operation[] ops = new Operation[size];
        int[] starts = new int[size + 1];
        for (int i = 0; i < size; i++) {
            starts[i] = in.position();
            ops[i] = kryo.readObject(in, Operation.class);
        }
        starts[size] = in.position();
        return new ReceivedOps(ops, in.getBuffer(), starts, WireCodec.operationTag(kryo));
    }

    private static int boundedSize(Input in) {
        int size = in.readVarInt(true);
        if (size < 0 || size > MAX_LIST) {
            throw new IllegalArgumentException("list of " + size + " elements on the wire; at most " + MAX_LIST);
        }
        return size;
    }

    static final class PushSerializer extends Serializer<Message.Push> {
        @Override
        public void write(Kryo kryo, Output out, Message.Push m) {
            out.writeString(m.origin());
            writeOps(kryo, out, m.ops());
            writeVector(out, m.vector());
            writeHlc(out, m.clock());
        }

        @Override
        public Message.Push read(Kryo kryo, Input in, Class<Message.Push> type) {
            return new Message.Push(in.readString(), readOps(kryo, in), readVector(in), readHlc(in));
        }
    }

    static final class SyncRequestSerializer extends Serializer<Message.SyncRequest> {
        @Override
        public void write(Kryo kryo, Output out, Message.SyncRequest m) {
            out.writeString(m.origin());
            writeVector(out, m.vector());
            writeHlc(out, m.clock());
            // Appended field: a flag, then the applied vector only when it differs from the durable one
            // (so an in-sync round grows by one byte). A sender without the field means "have = vector".
            boolean differs = !m.have().equals(m.vector());
            out.writeBoolean(differs);
            if (differs) {
                writeVector(out, m.have());
            }
        }

        @Override
        public Message.SyncRequest read(Kryo kryo, Input in, Class<Message.SyncRequest> type) {
            String origin = in.readString();
            var vector = readVector(in);
            var clock = readHlc(in);
            var have = !in.eof() && in.readBoolean() ? readVector(in) : vector;
            return new Message.SyncRequest(origin, vector, clock, have);
        }
    }

    static final class SyncReplySerializer extends Serializer<Message.SyncReply> {
        @Override
        public void write(Kryo kryo, Output out, Message.SyncReply m) {
            out.writeString(m.origin());
            writeOps(kryo, out, m.ops());
            writeVector(out, m.vector());
            writeHlc(out, m.clock());
            out.writeBoolean(m.more());
            out.writeBoolean(m.snapshotNeeded());
        }

        @Override
        public Message.SyncReply read(Kryo kryo, Input in, Class<Message.SyncReply> type) {
            return new Message.SyncReply(in.readString(), readOps(kryo, in), readVector(in), readHlc(in), in.readBoolean(),
                    in.readBoolean());
        }
    }

    static final class SnapshotRequestSerializer extends Serializer<Message.SnapshotRequest> {
        @Override
        public void write(Kryo kryo, Output out, Message.SnapshotRequest m) {
            out.writeLong(m.snapshotId());
            out.writeVarInt(m.chunk(), true);
        }

        @Override
        public Message.SnapshotRequest read(Kryo kryo, Input in, Class<Message.SnapshotRequest> type) {
            return new Message.SnapshotRequest(in.readLong(), in.readVarInt(true));
        }
    }

    static final class SnapshotChunkSerializer extends Serializer<Message.SnapshotChunk> {
        @Override
        public void write(Kryo kryo, Output out, Message.SnapshotChunk m) {
            out.writeLong(m.snapshotId());
            out.writeVarInt(m.chunk(), true);
            out.writeBoolean(m.last());
            out.writeVarInt(m.keys().size(), true);
            for (KeyRecord record : m.keys()) {
                kryo.writeObject(out, record);
            }
            writeVector(out, m.vector());
            writeHlc(out, m.collectedBelow());
        }

        @Override
        public Message.SnapshotChunk read(Kryo kryo, Input in, Class<Message.SnapshotChunk> type) {
            long id = in.readLong();
            int chunk = in.readVarInt(true);
            boolean last = in.readBoolean();
            int size = boundedSize(in);
            List<KeyRecord> keys = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                keys.add(kryo.readObject(in, KeyRecord.class));
            }
            return new Message.SnapshotChunk(id, chunk, last, keys, readVector(in), readHlc(in));
        }
    }

    static final class BeaconSerializer extends Serializer<Message.Beacon> {
        @Override
        public void write(Kryo kryo, Output out, Message.Beacon m) {
            out.writeString(m.owner());
            out.writeVarInt(m.leases(), true);
            out.writeLong(m.leaseHash());
            writeHlc(out, m.clock());
        }

        @Override
        public Message.Beacon read(Kryo kryo, Input in, Class<Message.Beacon> type) {
            return new Message.Beacon(in.readString(), in.readVarInt(true), in.readLong(), readHlc(in));
        }
    }

    static final class PushAckSerializer extends Serializer<Message.PushAck> {
        @Override
        public void write(Kryo kryo, Output out, Message.PushAck m) {
            writeVector(out, m.vector());
        }

        @Override
        public Message.PushAck read(Kryo kryo, Input in, Class<Message.PushAck> type) {
            return new Message.PushAck(readVector(in));
        }
    }
}
