package dev.registry.membership.atomix;

import dev.registry.membership.MembershipRecord;
import dev.registry.membership.RecordCodec;
import dev.registry.membership.RecordCommand;
import io.atomix.primitive.event.EventType;
import io.atomix.primitive.event.PrimitiveEvent;
import io.atomix.primitive.operation.OperationId;
import io.atomix.primitive.service.AbstractPrimitiveService;
import io.atomix.primitive.service.BackupInput;
import io.atomix.primitive.service.BackupOutput;
import io.atomix.primitive.service.Commit;
import io.atomix.primitive.service.ServiceExecutor;
import io.atomix.primitive.session.Session;

/**
 * The Raft state machine around {@link MembershipRecord}. Runs on the Raft server's state-machine thread,
 * on every voter, deterministically: commands apply with the commit's (leader-assigned) wall time.
 * Every change is published to all open sessions so every member (voter or peer) learns it.
 *
 * <p>Reply of {@link #APPLY} and {@link #READ}: one status byte ({@link #OK} or {@link #UNKNOWN_MEMBER}),
 * then the encoded record.
 */
final class RecordService extends AbstractPrimitiveService<Void> {
    static final OperationId APPLY = OperationId.command("apply");
    static final OperationId READ = OperationId.query("read");
    static final EventType CHANGED = EventType.from("changed");
    static final byte OK = 0;
    static final byte UNKNOWN_MEMBER = 1;

    private MembershipRecord record = MembershipRecord.empty();

    RecordService() {
        super(RecordPrimitiveType.INSTANCE);
    }

    @Override
    protected void configure(ServiceExecutor executor) {
        executor.handle(APPLY, this::applyCommand);
        executor.handle(READ, commit -> reply(OK));
    }

    private byte[] applyCommand(Commit<byte[]> commit) {
        RecordCommand command = RecordCodec.decodeCommand(commit.value());
        MembershipRecord.Outcome outcome = record.apply(command, commit.wallClockTime().unixTimestamp());
        if (outcome.refused()) {
            return reply(UNKNOWN_MEMBER);
        }
        if (outcome.record().epoch() != record.epoch()) {
            record = outcome.record();
            PrimitiveEvent event = PrimitiveEvent.event(CHANGED, RecordCodec.encode(record));
            for (Session<Void> session : getSessions()) {
                session.publish(event);
            }
        }
        return reply(OK);
    }

    private byte[] reply(byte status) {
        byte[] body = RecordCodec.encode(record);
        byte[] out = new byte[body.length + 1];
        out[0] = status;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public void backup(BackupOutput output) {
        byte[] bytes = RecordCodec.encode(record);
        output.writeInt(bytes.length);
        output.write(bytes);
    }

    @Override
    public void restore(BackupInput input) {
        int length = input.readInt();
        record = RecordCodec.decodeRecord(input.readBytes(length));
    }
}
