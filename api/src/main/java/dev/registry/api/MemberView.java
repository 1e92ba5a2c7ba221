package dev.registry.api;

/** One member of {@code GET /v1/cluster/members}. {@code httpAddress} is what clients fail over to. */
public record MemberView(
        String id,
        String gossipAddress,
        String httpAddress,
        String role,
        String state,
        long lastSeen) {
}
