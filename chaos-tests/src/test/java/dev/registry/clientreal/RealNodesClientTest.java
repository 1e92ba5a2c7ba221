package dev.registry.clientreal;

import dev.registry.client.ClientBehaviourContract;
import dev.registry.client.cluster.ClusterUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6: the Java client's behaviour contract against real node processes (kill -9 the node in use during
 * a stream of lookups and calls, all nodes down, watch-fed cache, self-registration and graceful shutdown).
 * Skips only when the node jar has not been built (the reactor builds it before this module).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RealNodesClientTest extends ClientBehaviourContract {

    @Override
    protected ClusterUnderTest startCluster(int size) {
        Path root = Path.of(System.getProperty("chaos.repoRoot", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("node/target/registry-node.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "node/target/registry-node.jar is absent: build the node");
        return new LoopbackNodes(jar, size);
    }
}
