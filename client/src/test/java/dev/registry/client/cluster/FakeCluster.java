package dev.registry.client.cluster;

import dev.registry.api.MemberList;
import dev.registry.api.MemberView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** N fake peers over one shared registry: a cluster whose replication is instantaneous. */
public final class FakeCluster implements ClusterUnderTest {

    private final List<FakePeer> peers = new ArrayList<>();

    private FakeCluster() {
    }

    public static FakeCluster start(int size) {
        FakeCluster cluster = new FakeCluster();
        FakeRegistry registry = new FakeRegistry();
        try {
            for (int i = 0; i < size; i++) {
                cluster.peers.add(new FakePeer("node-" + i, registry, cluster::members));
            }
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        }
        cluster.peers.forEach(FakePeer::start);
        return cluster;
    }

    private MemberList members() {
        List<MemberView> views = new ArrayList<>();
        for (FakePeer peer : peers) {
            // As with Raft membership, a killed peer stays listed (state "active") until declared gone.
            views.add(new MemberView(peer.id(), null, peer.httpAddress(), "VOTER", "active",
                    System.currentTimeMillis()));
        }
        return new MemberList(1, peers.get(0).id(), views);
    }

    @Override
    public int size() {
        return peers.size();
    }

    @Override
    public String httpAddress(int i) {
        return peers.get(i).httpAddress();
    }

    @Override
    public void kill(int i) {
        peers.get(i).kill();
    }

    @Override
    public void pause(int i) {
        peers.get(i).pause();
    }

    @Override
    public void resume(int i) {
        peers.get(i).resume();
    }

    /** Fake only: peer {@code i}'s clock runs {@code millis} ahead, so it refuses writes as past their deadline. */
    public void clockAhead(int i, long millis) {
        peers.get(i).clockAhead(millis);
    }

    /** Fake only: how many writes peer {@code i} refused with 408. */
    public int lateRefusals(int i) {
        return peers.get(i).lateRefusals();
    }

    /** Fake only: peer {@code i} answers like a restarted node not yet caught up (empty lists, marked stale). */
    public void catchingUp(int i, boolean value) {
        peers.get(i).catchingUp(value);
    }

    /** Fake only: peer {@code i} keeps its watch streams open but silent, as after a silently dropped connection. */
    public void muteWatches(int i, boolean value) {
        peers.get(i).muteWatches(value);
    }

    @Override
    public void close() {
        for (FakePeer peer : peers) {
            if (!peer.killed()) {
                peer.kill();
            }
        }
    }
}
