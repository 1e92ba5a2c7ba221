package dev.registry.sim;

import dev.registry.fixture.Workloads;
import dev.registry.merge.Replica;
import dev.registry.merge.ReplicaSnapshot;
import dev.registry.merge.Stability;
import dev.registry.oplog.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A reference replica on the simulation: wraps {@link Replica} with push gossip of new operations,
 * pull anti-entropy with one random peer per tick, and compaction plus tombstone collection driven
 * by {@link Stability}. It also acts as a client writing random operations until {@code writeUntil}.
 *
 * <p>Durability model (what survives {@link #onCrash()}): the snapshot taken at the last tick plus
 * its own operations written since (a node appends its own ops durably before acknowledging).
 * Stability reports carry the durable snapshot's vector and clock, never the volatile ones, so a
 * crash cannot take back anything another member already relies on for compaction or collection.
 */
public final class ReplicaProcess implements SimProcess<GossipMessage> {

    /** Behaviour knobs of one run. {@code clockSkewMillis} is added to virtual time to get this node's wall clock. */
    public record Config(Set<String> members, int keys, double writeChance, long writeUntil, long clockSkewMillis,
                         int gcEveryTicks, int maxOpsPerReply) {
    }

    private final String id;
    private final Config config;
    private final List<Operation> history;
    private final List<String> peers;
    private Replica replica;
    private Stability stability;
    private ReplicaSnapshot durable;
    private final List<Operation> durableOwnOps = new ArrayList<>();
    private final List<Operation> outbox = new ArrayList<>();
    private long ticks;
    private long collected;
    private long compacted;
    private long snapshotsInstalled;

    /** {@code history} receives every operation this process writes (the acknowledged writes). */
    public ReplicaProcess(String id, Config config, List<Operation> history) {
        this.id = id;
        this.config = config;
        this.history = history;
        this.peers = config.members().stream().filter(m -> !m.equals(id)).sorted().toList();
        this.replica = new Replica(id);
        this.stability = new Stability();
        this.durable = replica.snapshot();
    }

    public Replica replica() {
        return replica;
    }

    public long collected() {
        return collected;
    }

    public long compacted() {
        return compacted;
    }

    public long snapshotsInstalled() {
        return snapshotsInstalled;
    }

    private long wall(SimContext<GossipMessage> ctx) {
        return ctx.now() + config.clockSkewMillis();
    }

    @Override
    public void onMessage(String from, GossipMessage message, SimContext<GossipMessage> ctx) {
        if (message instanceof GossipMessage.Push push) {
            replica.receiveAll(push.ops(), wall(ctx));
        } else if (message instanceof GossipMessage.Pull pull) {
            stability.observe(from, pull.durable(), pull.durableClock());
            if (replica.canServe(pull.have())) {
                List<Operation> missing = replica.missingFor(pull.have(), config.maxOpsPerReply());
                ctx.send(from, new GossipMessage.Ops(missing, durable.vector(), durable.clock()));
            } else {
                ctx.send(from, new GossipMessage.Snapshot(replica.snapshot()));
            }
        } else if (message instanceof GossipMessage.Ops ops) {
            stability.observe(from, ops.durable(), ops.durableClock());
            replica.receiveAll(ops.ops(), wall(ctx));
        } else if (message instanceof GossipMessage.Snapshot snapshot) {
            replica.installSnapshot(snapshot.snapshot(), wall(ctx));
            snapshotsInstalled++;
        }
    }

    @Override
    public void onTick(SimContext<GossipMessage> ctx) {
        ticks++;
        Random random = ctx.random();
        if (ctx.now() < config.writeUntil() && random.nextDouble() < config.writeChance()) {
            write(ctx, random);
        }
        if (!outbox.isEmpty()) {
            List<Operation> batch = List.copyOf(outbox);
            outbox.clear();
            for (String peer : peers) {
                ctx.send(peer, new GossipMessage.Push(batch));
            }
        }
        if (!peers.isEmpty()) {
            String peer = peers.get(random.nextInt(peers.size()));
            ctx.send(peer, new GossipMessage.Pull(replica.vector(), durable.vector(), durable.clock()));
        }
        durable = replica.snapshot();
        durableOwnOps.clear();
        if (ticks % config.gcEveryTicks() == 0) {
            stability.observe(id, durable.vector(), durable.clock());
            compacted += replica.compact(stability.frontier(config.members()));
            collected += replica.collectTombstones(stability.stableBefore(config.members()));
        }
    }

    private void write(SimContext<GossipMessage> ctx, Random random) {
        SplittableRandom split = new SplittableRandom(random.nextLong());
        Operation op = replica.write(Workloads.key(split.nextInt(config.keys())), Workloads.payload(split, id), wall(ctx));
        durableOwnOps.add(op);
        history.add(op);
        outbox.add(op);
    }

    @Override
    public void onCrash() {
        replica = null;
        stability = null;
        outbox.clear();
    }

    @Override
    public void onRestart(SimContext<GossipMessage> ctx) {
        replica = Replica.restore(durable);
        replica.receiveAll(durableOwnOps, wall(ctx));
        stability = new Stability();
    }
}
