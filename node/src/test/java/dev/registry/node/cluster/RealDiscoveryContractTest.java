package dev.registry.node.cluster;

import dev.registry.node.http.ClusterTarget;
import dev.registry.node.http.DiscoveryContractSuite;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Discovery, blocking queries, watch and operations endpoints against three real nodes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealDiscoveryContractTest extends DiscoveryContractSuite {
    @Override
    protected ClusterTarget createTarget() {
        return new RealClusterTarget();
    }
}
