package dev.registry.client;

import dev.registry.client.cluster.ClusterUnderTest;
import dev.registry.client.cluster.FakeCluster;

/** The client behaviour contract against in-JVM fake peers (HttpServer, shared state). */
class FakeClusterClientTest extends ClientBehaviourContract {

    @Override
    protected ClusterUnderTest startCluster(int size) {
        return FakeCluster.start(size);
    }
}
