package dev.registry.node.cluster;

import dev.registry.node.http.ClusterTarget;
import dev.registry.node.http.InstanceContractSuite;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The instance endpoints' contract against three real nodes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RealInstanceContractTest extends InstanceContractSuite {
    @Override
    protected ClusterTarget createTarget() {
        return new RealClusterTarget();
    }
}
