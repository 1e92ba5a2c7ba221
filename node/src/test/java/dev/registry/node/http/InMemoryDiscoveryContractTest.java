package dev.registry.node.http;

import static dev.registry.node.http.InstanceContractSuite.assertError;
import static dev.registry.node.http.InstanceContractSuite.freshService;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.registry.node.http.TestHttp.Reply;
import org.junit.jupiter.api.Test;

/**
 * The discovery contract against three HttpApis sharing one in-memory registry, plus what only this target
 * can stage: a node that is not ready (a real node's readiness follows its peers; RealClusterTest covers it).
 */
class InMemoryDiscoveryContractTest extends DiscoveryContractSuite {
    @Override
    protected ClusterTarget createTarget() {
        return new InMemoryClusterTarget();
    }

}
