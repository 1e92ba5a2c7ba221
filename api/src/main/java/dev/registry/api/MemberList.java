package dev.registry.api;

import java.util.List;

/** The answer of {@code GET /v1/cluster/members}. */
public record MemberList(long epoch, String leader, List<MemberView> members) {
}
