package dev.registry.node.http;

/** The instance contract against three HttpApis sharing one in-memory registry. */
class InMemoryInstanceContractTest extends InstanceContractSuite {
    @Override
    protected ClusterTarget createTarget() {
        return new InMemoryClusterTarget();
    }
}
