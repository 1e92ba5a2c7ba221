package dev.registry.bench.wire;

import dev.registry.api.InstanceStatus;
import dev.registry.model.InstanceKey;
import dev.registry.model.Registration;
import dev.registry.merge.Replica;
import dev.registry.node.wire.Message;
import dev.registry.node.wire.WireCodec;
import dev.registry.oplog.OpPayload;
import dev.registry.oplog.Operation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU of anti-entropy catch-up per operation, without I/O: what a node spends to send one batch of
 * registrations it holds to a peer that lacks them (encode a {@link Message.SyncReply}), and what the peer
 * spends to take it (decode, then apply to its replica). The same registrations as the replication
 * benchmarks ({@code RegistryTrio}): 100 services, a zone, a tag, the longest TTL. Score: operations/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CatchUpBenchmark {

    /** Operations in one anti-entropy reply ({@code GossipConfig.syncBatchOps}). */
    static final int BATCH = 5_000;

    private final WireCodec codec = new WireCodec();
    private Message.SyncReply reply;
    private byte[] encoded;

    @Setup
    public void setUp() {
        Replica source = new Replica("a-1");
        long now = 1_700_000_000_000L;
        for (int i = 0; i < BATCH; i++) {
            Registration registration = new Registration("10.0." + (i >> 8 & 255) + "." + (i & 255), 8080, 100,
                    "zone-" + i % 3, List.of("v1"), null, 3_600, null);
            source.write(new InstanceKey("svc-" + i % 100, "a-" + i),
                    new OpPayload.Register(registration, InstanceStatus.UP, "n1"), now + i);
        }
        List<Operation> ops = source.missingFor(dev.registry.oplog.VersionVector.EMPTY, BATCH);
        reply = new Message.SyncReply(source.nodeId(), ops, source.vector(), source.clock().current(), false, false);
        encoded = codec.encode(reply);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] encode() {
        return codec.encode(reply);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Message decode() {
        return codec.decodeMessage(encoded);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeAndApply(Blackhole bh) {
        Message.SyncReply received = (Message.SyncReply) codec.decodeMessage(encoded);
        Replica peer = new Replica("b-1");
        bh.consume(peer.receiveAll(received.ops(), 1_700_000_000_000L));
    }
}
