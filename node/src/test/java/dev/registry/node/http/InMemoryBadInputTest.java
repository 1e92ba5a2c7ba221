package dev.registry.node.http;

import dev.registry.node.registry.RegistryService;
import java.net.URI;

/** The hostile-input suite against one HttpApi over the in-memory registry. */
class InMemoryBadInputTest extends BadInputSuite {
    @Override
    protected NodeUnderTest startNode() throws Exception {
        SingleNode node = new SingleNode(HttpConfig.test());
        return new NodeUnderTest() {
            @Override
            public RegistryService registry() {
                return node.registry;
            }

            @Override
            public URI base() {
                return node.base;
            }

            @Override
            public void close() throws Exception {
                node.close();
            }
        };
    }
}
