package dev.registry.membership.inmemory;

import dev.registry.membership.PeerMessaging;
import dev.registry.membership.PeerMessagingContract;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InMemoryPeerMessagingTest extends PeerMessagingContract {
    @Override
    protected Pair newPair() {
        InMemoryNetwork network = new InMemoryNetwork(7);
        PeerMessaging a = network.endpoint("a");
        PeerMessaging b = network.endpoint("b");
        return new Pair() {
            public PeerMessaging a() {
                return a;
            }

            public PeerMessaging b() {
                return b;
            }

            public String aId() {
                return "a";
            }

            public String bId() {
                return "b";
            }

            public void close() {
                // heap only
            }
        };
    }
}
