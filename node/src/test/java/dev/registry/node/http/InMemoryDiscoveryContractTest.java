package dev.registry.node.http;

/** The discovery contract against three HttpApis sharing one in-memory registry. */
class InMemoryDiscoveryContractTest extends DiscoveryContractSuite {
    @Override
    protected ClusterTarget createTarget() {
        return new InMemoryClusterTarget();
    }
}
