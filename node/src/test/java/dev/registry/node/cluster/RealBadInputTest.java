package dev.registry.node.cluster;

import dev.registry.membership.Role;
import dev.registry.membership.Seed;
import dev.registry.node.NodeConfig;
import dev.registry.node.RegistryNode;
import dev.registry.node.http.BadInputSuite;
import dev.registry.node.registry.RegistryService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** The hostile-input suite against a real standalone node: real registry thread, disk, Raft and HTTP. */
class RealBadInputTest extends BadInputSuite {
    @Override
    protected NodeUnderTest startNode() throws Exception {
        Path dir = Files.createTempDirectory("registry-badinput-");
        Seed self = new Seed("solo", "127.0.0.1", RealCluster.freePort());
        NodeConfig config = new NodeConfig("solo", dir, "127.0.0.1", RealCluster.freePort(), "127.0.0.1", self.port(),
                "127.0.0.1", List.of(self), List.of(), Role.VOTER, 0, NodeConfig.Profile.TEST, Duration.ofSeconds(5),
                Duration.ofMillis(250));
        RegistryNode node = new RegistryNode(config);
        node.start().join();
        return new NodeUnderTest() {
            @Override
            public RegistryService registry() {
                return node.registry().service();
            }

            @Override
            public URI base() {
                return URI.create("http://127.0.0.1:" + node.httpPort());
            }

            @Override
            public void close() throws Exception {
                node.close();
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        };
    }
}
