package dev.registry.membership.atomix;

import dev.registry.membership.MembershipConfig;
import dev.registry.membership.MembershipTimings;
import dev.registry.membership.Seed;
import io.atomix.cluster.AtomixCluster;
import io.atomix.cluster.AtomixClusterBuilder;
import io.atomix.cluster.Node;
import io.atomix.cluster.discovery.BootstrapDiscoveryProvider;
import io.atomix.cluster.protocol.SwimMembershipProtocol;
import java.util.List;

/** Builds the AtomixCluster (messaging + SWIM) of one member from its config. */
final class ClusterFactory {
    /** Atomix only talks to members with the same cluster id: keeps a stray test cluster out. */
    static final String CLUSTER_ID = "registry";

    private ClusterFactory() {
    }

    static AtomixCluster build(MembershipConfig config) {
        MembershipTimings t = config.timings();
        List<Node> seeds = config.voters().stream()
                .map(ClusterFactory::node)
                .toList();
        AtomixClusterBuilder builder = AtomixCluster.builder();
        if (isIpLiteral(config.gossipHost())) {
            // Listen only where we advertise (127.0.0.1 in tests). A DNS name (a StatefulSet pod's stable
            // name) may not resolve yet while the pod starts, so then Atomix keeps listening on all interfaces.
            builder.withMessagingInterface(config.gossipHost());
        }
        return builder
                .withClusterId(CLUSTER_ID)
                .withMemberId(config.localId())
                .withHost(config.gossipHost())
                .withAddress(config.gossipHost(), config.gossipPort())
                .withMembershipProvider(BootstrapDiscoveryProvider.builder().withNodes(seeds).build())
                .withMembershipProtocol(SwimMembershipProtocol.builder()
                        .withProbeInterval(t.probeInterval())
                        .withFailureTimeout(t.suspectAfter())
                        // Spread suspicion and updates at once: every member's view converges in one probe.
                        .withNotifySuspect(true)
                        .withBroadcastUpdates(true)
                        .build())
                .build();
    }

    static boolean isIpLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static Node node(Seed seed) {
        return Node.builder().withId(seed.id()).withAddress(seed.host(), seed.port()).build();
    }
}
