package dev.registry.client.peer;

import dev.registry.api.ApiHeaders;
import dev.registry.client.metrics.ClientMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Sends one request to the registry with failover: the current peer first, then the others, each
 * bounded by the request timeout. I/O errors, timeouts, 5xx answers and 408 (a write that reached the
 * peer after its {@code X-Registry-Deadline}) count as the peer's failure; 2xx and other 4xx are
 * answers (a 404 on a heartbeat is information, not a broken peer).
 *
 * Blocking: call from client threads (scheduler, watch, or the caller's thread on a cache miss).
 */
public final class RegistryTransport {

    private final HttpClient http;
    private final PeerSet peers;
    private final Duration requestTimeout;
    private final LongSupplier nanos;
    private final ClientMetrics metrics;

    public RegistryTransport(HttpClient http, PeerSet peers, Duration requestTimeout, LongSupplier nanos,
                             ClientMetrics metrics) {
        this.http = http;
        this.peers = peers;
        this.requestTimeout = requestTimeout;
        this.nanos = nanos;
        this.metrics = metrics;
    }

    public PeerSet peers() {
        return peers;
    }

    public HttpClient http() {
        return http;
    }

    /** The URI of {@code pathAndQuery} on {@code peer} ("host:port"). */
    public static URI uri(String peer, String pathAndQuery) {
        return URI.create("http://" + peer + pathAndQuery);
    }

    /**
     * @param method        GET, PUT or DELETE
     * @param pathAndQuery  already encoded, starting with '/'
     * @param body          JSON body or null
     * @param what          for the exception message, e.g. "lookup of orders"
     */
    public PeerResponse send(String method, String pathAndQuery, byte[] body, String what)
            throws RegistryUnavailableException, InterruptedException {
        return send(method, pathAndQuery, body, what, false);
    }

    /**
     * @param preferFresh for reads: an answer marked stale (a peer still catching up after a restart,
     *                    which may not know instances yet) is kept only as a fallback while the other
     *                    peers are asked; replacing a good cache with a peer's empty view would fail calls
     */
    public PeerResponse send(String method, String pathAndQuery, byte[] body, String what, boolean preferFresh)
            throws RegistryUnavailableException, InterruptedException {
        List<String> tried = new ArrayList<>(3);
        Exception last = null;
        PeerResponse staleAnswer = null;
        for (String peer : peers.attemptOrder(nanos.getAsLong())) {
            tried.add(peer);
            metrics.peerRequests.increment();
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(uri(peer, pathAndQuery))
                        .timeout(requestTimeout)
                        .header("Accept", "application/json");
                if (!method.equals("GET")) {
                    // Rule R1: past this instant the attempt is abandoned (and may be retried on another
                    // peer), so the node must not apply it if it arrives later, delayed in the network.
                    builder.header(ApiHeaders.DEADLINE, Long.toString(System.currentTimeMillis()
                            + requestTimeout.toMillis()));
                }
                if (body != null) {
                    builder.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
                } else {
                    builder.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 408) {
                    // The write reached the peer after its deadline, by the peer's clock: nothing was stored,
                    // and a peer whose clock runs ahead refuses every write, so try the others.
                    last = new IOException(peer + " refused " + method + " " + pathAndQuery + " as past its deadline");
                    fail(peer, "HTTP 408 deadline_exceeded (is its clock ahead?)");
                    continue;
                }
                if (response.statusCode() >= 500) {
                    last = new IOException(peer + " answered " + response.statusCode() + " to " + method + " "
                            + pathAndQuery);
                    fail(peer, "HTTP " + response.statusCode());
                    continue;
                }
                peers.onSuccess(peer, nanos.getAsLong());
                long index = response.headers().firstValueAsLong(ApiHeaders.INDEX).orElse(-1);
                boolean stale = response.headers().firstValue(ApiHeaders.STALE).map("true"::equalsIgnoreCase)
                        .orElse(false);
                PeerResponse answer = new PeerResponse(peer, response.statusCode(), response.body(), index, stale);
                if (!(preferFresh && stale)) {
                    return answer;
                }
                if (staleAnswer == null) {
                    staleAnswer = answer;
                }
            } catch (IOException e) {
                last = e;
                fail(peer, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        if (staleAnswer != null) {
            return staleAnswer;
        }
        throw new RegistryUnavailableException(what, tried, last);
    }

    /** Reports a failure seen outside {@link #send} (e.g. by the watch stream). */
    public void fail(String peer, String reason) {
        metrics.peerFailures.increment();
        peers.onFailure(peer, nanos.getAsLong(), reason);
    }
}
