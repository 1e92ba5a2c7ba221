package dev.registry.client.peer;

import dev.registry.api.MemberList;
import dev.registry.api.MemberView;
import dev.registry.client.wire.WireCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Re-reads {@code GET /v1/cluster/members} from the current peer and updates the {@link PeerSet}.
 * Run periodically, it is also the liveness probe of the current peer: a peer that hangs without
 * closing connections fails this request by timeout and the client moves on.
 */
public final class MemberRefresh {

    private final RegistryTransport transport;
    private final WireCodec codec;

    public MemberRefresh(RegistryTransport transport, WireCodec codec) {
        this.transport = transport;
        this.codec = codec;
    }

    /**
     * @return the learned peers ("host:port"), or an empty list when the answer had none
     * @throws RegistryUnavailableException when no peer answered
     */
    public List<String> refresh() throws RegistryUnavailableException, InterruptedException {
        PeerResponse response = transport.send("GET", "/v1/cluster/members", null, "member list");
        if (!response.ok()) {
            return List.of();
        }
        MemberList list;
        try {
            list = codec.members(response.body());
        } catch (IOException e) {
            transport.fail(response.peer(), "unreadable member list: " + e.getMessage());
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        if (list.members() != null) {
            for (MemberView member : list.members()) {
                boolean gone = member.state() != null && member.state().toLowerCase(Locale.ROOT).equals("gone");
                if (!gone && member.httpAddress() != null && member.httpAddress().indexOf(':') > 0) {
                    addresses.add(member.httpAddress());
                }
            }
        }
        if (!addresses.isEmpty()) {
            transport.peers().updateMembers(addresses);
        }
        return addresses;
    }
}
