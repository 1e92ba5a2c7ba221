package dev.registry.client.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.registry.api.InstanceView;
import dev.registry.api.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A registry cluster the client behaviour tests run against: in-JVM fakes here, real node
 * processes in another module. Implementations start their peers in their constructor or
 * factory; {@link #close()} must stop everything even after kill/pause.
 *
 * The direct operations talk plain HTTP to one chosen peer, bypassing the client under test.
 */
public interface ClusterUnderTest extends AutoCloseable {

    int size();

    /** "host:port" of peer {@code i}'s HTTP API. */
    String httpAddress(int i);

    /** Like kill -9: the peer stops at once; its connections break. */
    void kill(int i);

    /** Like SIGSTOP: the peer keeps its sockets open and answers nothing until {@link #resume}. */
    void pause(int i);

    void resume(int i);

    @Override
    void close();

    default List<String> httpAddresses() {
        return IntStream.range(0, size()).mapToObj(this::httpAddress).toList();
    }

    default int indexOf(String address) {
        return httpAddresses().indexOf(address);
    }

    /** Registers an instance directly on peer {@code i} (status UP, TTL 30 s). */
    default void registerOn(int i, String service, String id, String host, int port) {
        RegistrationRequest body = new RegistrationRequest(null, null, host, port, null, null, List.of(), Map.of(),
                "UP", 30, null);
        int status = Direct.send(httpAddress(i), "PUT", "/v1/services/" + service + "/instances/" + id,
                Direct.json(body)).statusCode();
        if (status != 200) {
            throw new IllegalStateException("registration on peer " + i + " answered " + status);
        }
    }

    default int deregisterOn(int i, String service, String id) {
        return Direct.send(httpAddress(i), "DELETE", "/v1/services/" + service + "/instances/" + id, null)
                .statusCode();
    }

    /** The instances of {@code service} as peer {@code i} sees them (empty on 404). */
    default List<InstanceView> instancesOn(int i, String service) {
        HttpResponse<String> response = Direct.send(httpAddress(i), "GET", "/v1/services/" + service + "/instances",
                null);
        if (response.statusCode() == 404) {
            return List.of();
        }
        try {
            var root = Direct.MAPPER.readTree(response.body());
            var array = root.isArray() ? root : root.get("instances");
            return List.of(Direct.MAPPER.treeToValue(array, InstanceView[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain HTTP for the direct operations; a new JDK client per request keeps no state between tests. */
    final class Direct {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        private Direct() {
        }

        static String json(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static HttpResponse<String> send(String peer, String method, String path, String body) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + peer + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
