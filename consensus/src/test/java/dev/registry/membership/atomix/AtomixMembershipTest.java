package dev.registry.membership.atomix;

import dev.registry.membership.ClusterFixture;
import dev.registry.membership.MembershipBehaviourSuite;
import dev.registry.membership.MembershipTimings;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour suite on real Atomix: 3 voters (and a peer) in this JVM on loopback. */
@Timeout(90)
class AtomixMembershipTest extends MembershipBehaviourSuite {
    @TempDir
    Path dataRoot;

    @Override
    protected ClusterFixture newFixture() {
        return new AtomixFixture(dataRoot, MembershipTimings.test());
    }
}
