package dev.registry.membership;

import java.util.Objects;

/**
 * One member as the membership record knows it.
 *
 * @param gossipAddress  host:port of the member's Atomix messaging endpoint (gossip and Raft traffic)
 * @param httpAddress    host:port of its HTTP API, what clients fail over to
 * @param sinceMillis    wall-clock millis of the last state change, as stamped by the node that proposed it
 * @param lastSeenMillis wall-clock millis the local failure detector last saw it alive (local, not agreed)
 */
public record Member(
        String id,
        String gossipAddress,
        String httpAddress,
        Role role,
        MemberState state,
        long sinceMillis,
        long lastSeenMillis) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gossipAddress, "gossipAddress");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        if (id.isBlank()) {
            throw new IllegalArgumentException("member id must not be blank");
        }
    }

    public Member withState(MemberState newState, long nowMillis) {
        return new Member(id, gossipAddress, httpAddress, role, newState, nowMillis, lastSeenMillis);
    }

    public Member withLastSeen(long seenMillis) {
        return new Member(id, gossipAddress, httpAddress, role, state, sinceMillis, seenMillis);
    }

    public boolean live() {
        return state.live();
    }
}
