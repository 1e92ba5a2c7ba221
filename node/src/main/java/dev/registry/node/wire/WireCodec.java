package dev.registry.node.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.registry.merge.KeyRecord;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;

/**
 * Encodes messages and operations to bytes and back, for gossip and for the durable log.
 *
 * <p>The registration numbers below ARE the format: never renumber or reuse one; add new types
 * with new numbers. Unregistered classes are refused, so nothing is ever written by reflection.
 * Thread-safe: one Kryo per thread (Kryo itself is not thread-safe), held by this instance, not
 * statically, so several nodes in one JVM share nothing.
 */
public final class WireCodec {

    private final ThreadLocal<Kryo> kryos = ThreadLocal.withInitial(WireCodec::newKryo);
    /** One reusable output buffer per thread: every write used to allocate its own. */
    private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(WireCodec::newOutput);
    /** A buffer grown beyond this by a large message is not kept. */
    private static final int KEPT_OUTPUT_BYTES = 64 * 1024;

    private static Output newOutput() {
        return new Output(1024, -1);
    }

    static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        ValuePool pool = new ValuePool();
        // 10-19: core values
        kryo.register(Operation.class, new CoreSerializers.OperationSerializer(pool), 10);
        kryo.register(KeyRecord.class, new CoreSerializers.KeyRecordSerializer(pool), 11);
        // 20-39: operation payloads
        kryo.register(OpPayload.Register.class, new CoreSerializers.RegisterSerializer(pool), 20);
        kryo.register(OpPayload.Update.class, new CoreSerializers.UpdateSerializer(pool), 21);
        kryo.register(OpPayload.SetStatus.class, new CoreSerializers.SetStatusSerializer(), 22);
        kryo.register(OpPayload.SetHealth.class, new CoreSerializers.SetHealthSerializer(), 23);
        kryo.register(OpPayload.Deregister.class, new CoreSerializers.EmptySerializer<>(new OpPayload.Deregister()), 24);
        kryo.register(OpPayload.Expire.class, new CoreSerializers.EmptySerializer<>(new OpPayload.Expire()), 25);
        kryo.register(OpPayload.Adopt.class, new CoreSerializers.AdoptSerializer(pool), 26);
        // 40-59: messages
        kryo.register(Message.Push.class, new MessageSerializers.PushSerializer(), 40);
        kryo.register(Message.SyncRequest.class, new MessageSerializers.SyncRequestSerializer(), 41);
        kryo.register(Message.SyncReply.class, new MessageSerializers.SyncReplySerializer(), 42);
        kryo.register(Message.SnapshotRequest.class, new MessageSerializers.SnapshotRequestSerializer(), 43);
        kryo.register(Message.SnapshotChunk.class, new MessageSerializers.SnapshotChunkSerializer(), 44);
        kryo.register(Message.Beacon.class, new MessageSerializers.BeaconSerializer(), 45);
        kryo.register(Message.PushAck.class, new MessageSerializers.PushAckSerializer(), 46);
        return kryo;
    }

    public byte[] encode(Message message) {
        return write(message);
    }

    public Message decodeMessage(byte[] bytes) {
        Object value = read(bytes);
        if (value instanceof Message message) {
            return message;
        }
        throw new WireFormatException("expected a message, found " + value.getClass().getSimpleName());
    }

    public byte[] encode(Operation op) {
        return write(op);
    }

    public Operation decodeOperation(byte[] bytes) {
        Object value = read(bytes);
        if (value instanceof Operation op) {
            return op;
        }
        throw new WireFormatException("expected an operation, found " + value.getClass().getSimpleName());
    }

    public byte[] encode(KeyRecord record) {
        return write(record);
    }

    public KeyRecord decodeKeyRecord(byte[] bytes) {
        Object value = read(bytes);
        if (value instanceof KeyRecord record) {
            return record;
        }
        throw new WireFormatException("expected a key record, found " + value.getClass().getSimpleName());
    }

    /**
     * What {@link #encode(Operation)} writes before an operation's own bytes: its class tag. A log record
     * is this followed by the bytes a message carries for the operation (see {@link ReceivedOps}).
     */
    static byte[] operationTag(Kryo kryo) {
        Output output = new Output(8, -1);
        kryo.writeClass(output, Operation.class);
        return output.toBytes();
    }

    private byte[] write(Object value) {
        Output output = outputs.get();
        output.clear();
        kryos.get().writeClassAndObject(output, value);
        byte[] bytes = output.toBytes();
        if (output.getBuffer().length > KEPT_OUTPUT_BYTES) {
            outputs.set(newOutput());
        }
        return bytes;
    }

    private Object read(byte[] bytes) {
        try {
            Object value = kryos.get().readClassAndObject(new Input(bytes));
            if (value == null) {
                throw new WireFormatException("empty message");
            }
            return value;
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WireFormatException("undecodable bytes (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** Bytes that do not decode: corrupt, truncated, or from an incompatible version. */
    public static final class WireFormatException extends RuntimeException {
        public WireFormatException(String message) {
            super(message);
        }

        public WireFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
