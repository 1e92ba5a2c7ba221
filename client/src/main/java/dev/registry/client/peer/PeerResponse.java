package dev.registry.client.peer;

/**
 * The answer of one registry peer: status, body, the X-Registry-Index header (-1 if absent) and
 * whether the peer marked it stale (X-Registry-Stale: it has not caught up yet). Only 2xx and 4xx
 * answers are returned; 5xx and I/O failures make the transport fail over.
 */
public record PeerResponse(String peer, int status, byte[] body, long index, boolean stale) {

    public boolean ok() {
        return status / 100 == 2;
    }
}
