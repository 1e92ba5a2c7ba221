package dev.registry.node.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written Kryo serializers for the core's records: records cannot be filled in by reflection,
 * and an explicit field order is what keeps the format stable. Enums travel as their ordinal in a
 * byte, so an enum constant may only ever be appended.
 */
final class CoreSerializers {

    private CoreSerializers() {
    }

    static void writeHlc(Output out, Hlc hlc) {
        out.writeLong(hlc.pack());
    }

    static Hlc readHlc(Input in) {
        return Hlc.unpack(in.readLong());
    }

    static void writeStamp(Output out, Stamp stamp) {
        if (stamp == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        writeHlc(out, stamp.hlc());
        out.writeString(stamp.origin());
    }

    static Stamp readStamp(Input in, ValuePool pool) {
        return in.readBoolean() ? new Stamp(readHlc(in), pool.canonical(in.readString())) : null;
    }

    static void writeKey(Output out, InstanceKey key) {
        out.writeString(key.service());
        out.writeString(key.id());
    }

    static InstanceKey readKey(Input in, ValuePool pool) {
        return new InstanceKey(pool.canonical(in.readString()), in.readString());
    }

    static void writeVector(Output out, VersionVector vector) {
        Map<String, Long> entries = vector.asMap();
        out.writeVarInt(entries.size(), true);
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            out.writeString(e.getKey());
            out.writeVarLong(e.getValue(), true);
        }
    }

    static VersionVector readVector(Input in) {
        int size = in.readVarInt(true);
        Map<String, Long> entries = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            entries.put(in.readString(), in.readVarLong(true));
        }
        return VersionVector.of(entries);
    }

    static void writeRegistration(Output out, Registration r) {
        out.writeString(r.host());
        out.writeVarInt(r.port(), true);
        out.writeVarInt(r.weight(), true);
        out.writeString(r.zone());
        out.writeVarInt(r.tags().size(), true);
        for (String tag : r.tags()) {
            out.writeString(tag);
        }
        out.writeVarInt(r.metadata().size(), true);
        for (Map.Entry<String, String> e : r.metadata().entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
        out.writeVarInt(r.ttlSeconds(), true);
        HealthCheckSpec check = r.check();
        out.writeBoolean(check != null);
        if (check != null) {
            out.writeByte(check.type().ordinal());
            out.writeString(check.path());
            out.writeVarInt(check.expectStatus(), true);
            out.writeVarInt(check.intervalMillis(), true);
            out.writeVarInt(check.timeoutMillis(), true);
            out.writeVarInt(check.healthyThreshold(), true);
            out.writeVarInt(check.unhealthyThreshold(), true);
        }
    }

    static Registration readRegistration(Input in, ValuePool pool) {
        String host = in.readString();
        int port = in.readVarInt(true);
        int weight = in.readVarInt(true);
        String zone = pool.canonical(in.readString());
        int tagCount = in.readVarInt(true);
        String[] tags = new String[tagCount];
        for (int i = 0; i < tagCount; i++) {
            tags[i] = in.readString();
        }
        int metaCount = in.readVarInt(true);
        Map<String, String> metadata = new HashMap<>(metaCount * 2);
        for (int i = 0; i < metaCount; i++) {
            metadata.put(pool.canonical(in.readString()), in.readString());
        }
        int ttl = in.readVarInt(true);
        HealthCheckSpec check = null;
        if (in.readBoolean()) {
            HealthCheckSpec.Type type = HealthCheckSpec.Type.values()[in.readByte()];
            check = new HealthCheckSpec(type, in.readString(), in.readVarInt(true), in.readVarInt(true),
                    in.readVarInt(true), in.readVarInt(true), in.readVarInt(true));
        }
        // Immutable collections pass through Registration's copies unchanged: the pooled ones are shared.
        return new Registration(host, port, weight, zone, pool.canonical(List.of(tags)),
                pool.canonical(Map.copyOf(metadata)), ttl, check);
    }

    static <E extends Enum<E>> void writeEnum(Output out, E value) {
        out.writeByte(value == null ? -1 : value.ordinal());
    }

    static <E extends Enum<E>> E readEnum(Input in, E[] values) {
        byte ordinal = in.readByte();
        return ordinal < 0 ? null : values[ordinal];
    }

    /** Operation: origin, seq, hlc, key, then the payload as a registered class. */
    static final class OperationSerializer extends Serializer<Operation> {
        private final ValuePool pool;

        OperationSerializer(ValuePool pool) {
            this.pool = pool;
        }

        @Override
        public void write(Kryo kryo, Output out, Operation op) {
            out.writeString(op.origin());
            out.writeVarLong(op.seq(), true);
            writeHlc(out, op.hlc());
            writeKey(out, op.key());
            kryo.writeClassAndObject(out, op.payload());
        }

        @Override
        public Operation read(Kryo kryo, Input in, Class<Operation> type) {
            return new Operation(pool.canonical(in.readString()), in.readVarLong(true), readHlc(in), readKey(in, pool),
                    (OpPayload) kryo.readClassAndObject(in));
        }
    }

    static final class RegisterSerializer extends Serializer<OpPayload.Register> {
        private final ValuePool pool;

        RegisterSerializer(ValuePool pool) {
            this.pool = pool;
        }

        @Override
        public void write(Kryo kryo, Output out, OpPayload.Register p) {
            writeRegistration(out, p.registration());
            writeEnum(out, p.status());
            out.writeString(p.owner());
        }

        @Override
        public OpPayload.Register read(Kryo kryo, Input in, Class<OpPayload.Register> type) {
            return new OpPayload.Register(readRegistration(in, pool), readEnum(in, InstanceStatus.values()),
                    pool.canonical(in.readString()));
        }
    }

    static final class UpdateSerializer extends Serializer<OpPayload.Update> {
        private final ValuePool pool;

        UpdateSerializer(ValuePool pool) {
            this.pool = pool;
        }

        @Override
        public void write(Kryo kryo, Output out, OpPayload.Update p) {
            writeRegistration(out, p.registration());
        }

        @Override
        public OpPayload.Update read(Kryo kryo, Input in, Class<OpPayload.Update> type) {
            return new OpPayload.Update(readRegistration(in, pool));
        }
    }

    static final class SetStatusSerializer extends Serializer<OpPayload.SetStatus> {
        @Override
        public void write(Kryo kryo, Output out, OpPayload.SetStatus p) {
            writeEnum(out, p.status());
        }

        @Override
        public OpPayload.SetStatus read(Kryo kryo, Input in, Class<OpPayload.SetStatus> type) {
            return new OpPayload.SetStatus(readEnum(in, InstanceStatus.values()));
        }
    }

    static final class SetHealthSerializer extends Serializer<OpPayload.SetHealth> {
        @Override
        public void write(Kryo kryo, Output out, OpPayload.SetHealth p) {
            writeEnum(out, p.health());
        }

        @Override
        public OpPayload.SetHealth read(Kryo kryo, Input in, Class<OpPayload.SetHealth> type) {
            return new OpPayload.SetHealth(readEnum(in, Health.values()));
        }
    }

    static final class AdoptSerializer extends Serializer<OpPayload.Adopt> {
        private final ValuePool pool;

        AdoptSerializer(ValuePool pool) {
            this.pool = pool;
        }

        @Override
        public void write(Kryo kryo, Output out, OpPayload.Adopt p) {
            out.writeString(p.owner());
        }

        @Override
        public OpPayload.Adopt read(Kryo kryo, Input in, Class<OpPayload.Adopt> type) {
            return new OpPayload.Adopt(pool.canonical(in.readString()));
        }
    }

    /** DEREGISTER and EXPIRE carry nothing: the registration number alone says which. */
    static final class EmptySerializer<T> extends Serializer<T> {
        private final T instance;

        EmptySerializer(T instance) {
            this.instance = instance;
        }

        @Override
        public void write(Kryo kryo, Output out, T value) {
        }

        @Override
        public T read(Kryo kryo, Input in, Class<T> type) {
            return instance;
        }
    }

    static final class KeyRecordSerializer extends Serializer<KeyRecord> {
        private final ValuePool pool;

        KeyRecordSerializer(ValuePool pool) {
            this.pool = pool;
        }

        @Override
        public void write(Kryo kryo, Output out, KeyRecord r) {
            writeKey(out, r.key());
            out.writeBoolean(r.registration() != null);
            if (r.registration() != null) {
                writeRegistration(out, r.registration());
            }
            writeStamp(out, r.registrationStamp());
            writeEnum(out, r.status());
            writeStamp(out, r.statusStamp());
            writeEnum(out, r.health());
            writeStamp(out, r.healthStamp());
            out.writeString(r.owner());
            writeStamp(out, r.ownerStamp());
            writeEnum(out, r.liveness());
            writeStamp(out, r.livenessStamp());
        }

        @Override
        public KeyRecord read(Kryo kryo, Input in, Class<KeyRecord> type) {
            InstanceKey key = readKey(in, pool);
            Registration registration = in.readBoolean() ? readRegistration(in, pool) : null;
            Stamp registrationStamp = readStamp(in, pool);
            InstanceStatus status = readEnum(in, InstanceStatus.values());
            Stamp statusStamp = readStamp(in, pool);
            Health health = readEnum(in, Health.values());
            Stamp healthStamp = readStamp(in, pool);
            String owner = pool.canonical(in.readString());
            Stamp ownerStamp = readStamp(in, pool);
            Liveness liveness = readEnum(in, Liveness.values());
            Stamp livenessStamp = readStamp(in, pool);
            return new KeyRecord(key, registration, registrationStamp, status, statusStamp, health, healthStamp,
                    owner, ownerStamp, liveness, livenessStamp);
        }
    }
}
