package dev.registry.membership.inmemory;

import dev.registry.membership.ClusterFixture;
import dev.registry.membership.MembershipBehaviourSuite;
import dev.registry.membership.MembershipTimings;
import org.junit.jupiter.api.Timeout;

/** The behaviour suite on the deterministic twin; the seed is in every failure message. */
@Timeout(30)
class InMemoryMembershipTest extends MembershipBehaviourSuite {
    @Override
    protected ClusterFixture newFixture() {
        return new InMemoryFixture(Long.getLong("membership.seed", 42L), MembershipTimings.test());
    }
}
