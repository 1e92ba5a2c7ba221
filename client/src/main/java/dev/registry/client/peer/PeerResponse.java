package dev.registry.client.peer;

/**
 * The answer of one registry peer: status, body and the X-Registry-Index header (-1 if absent).
 * Only 2xx and 4xx answers are returned; 5xx and I/O failures make the transport fail over.
 */
public record PeerResponse(String peer, int status, byte[] body, long index) {

    public boolean ok() {
        return status / 100 == 2;
    }
}
