package dev.registry.membership;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * Bytes of the membership record and its commands, for the Raft log, Raft snapshots and the last-known
 * view on disk. Hand-written with a format version byte so the Raft log stays readable across releases
 * without registering classes in Atomix's Kryo. Tags and field order are never renumbered.
 */
public final class RecordCodec {
    private static final int FORMAT = 1;
    private static final int ACTIVATE = 1;
    private static final int LEAVE = 2;
    private static final int MARK_GONE = 3;

    private RecordCodec() {
    }

    public static byte[] encode(MembershipRecord record) {
        return write(out -> {
            out.writeByte(FORMAT);
            out.writeLong(record.epoch());
            out.writeInt(record.members().size());
            for (Member m : record.members().values()) {
                writeMember(out, m);
            }
        });
    }

    public static MembershipRecord decodeRecord(byte[] bytes) {
        return read(bytes, in -> {
            checkFormat(in.readUnsignedByte());
            long epoch = in.readLong();
            int n = in.readInt();
            TreeMap<String, Member> members = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Member m = readMember(in);
                members.put(m.id(), m);
            }
            return new MembershipRecord(epoch, members);
        });
    }

    public static byte[] encode(RecordCommand command) {
        return write(out -> {
            out.writeByte(FORMAT);
            if (command instanceof RecordCommand.Activate a) {
                out.writeByte(ACTIVATE);
                writeMember(out, a.member());
            } else if (command instanceof RecordCommand.Leave l) {
                out.writeByte(LEAVE);
                out.writeUTF(l.memberId());
            } else {
                out.writeByte(MARK_GONE);
                out.writeUTF(((RecordCommand.MarkGone) command).memberId());
            }
        });
    }

    public static RecordCommand decodeCommand(byte[] bytes) {
        return read(bytes, in -> {
            checkFormat(in.readUnsignedByte());
            int tag = in.readUnsignedByte();
            return switch (tag) {
                case ACTIVATE -> new RecordCommand.Activate(readMember(in));
                case LEAVE -> new RecordCommand.Leave(in.readUTF());
                case MARK_GONE -> new RecordCommand.MarkGone(in.readUTF());
                default -> throw new IllegalArgumentException("unknown membership command tag " + tag);
            };
        });
    }

    private static void writeMember(DataOutputStream out, Member m) throws IOException {
        out.writeUTF(m.id());
        out.writeUTF(m.gossipAddress());
        out.writeUTF(m.httpAddress());
        out.writeByte(m.role().ordinal());
        out.writeByte(m.state().ordinal());
        out.writeLong(m.sinceMillis());
        out.writeLong(m.lastSeenMillis());
    }

    private static Member readMember(DataInputStream in) throws IOException {
        return new Member(in.readUTF(), in.readUTF(), in.readUTF(), Role.values()[in.readUnsignedByte()],
                MemberState.values()[in.readUnsignedByte()], in.readLong(), in.readLong());
    }

    private static void checkFormat(int format) {
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown membership record format " + format);
        }
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt membership bytes", e);
        }
    }
}
