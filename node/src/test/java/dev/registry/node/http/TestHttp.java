package dev.registry.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small blocking HTTP/1.1 client for tests (JDK HttpClient) with JSON helpers. */
final class TestHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Reply get(URI base, String path) {
        return send(base, "GET", path, null, null);
    }

    Reply put(URI base, String path, String json) {
        return send(base, "PUT", path, json, "application/json");
    }

    Reply post(URI base, String path, String json) {
        return send(base, "POST", path, json, "application/json");
    }

    Reply delete(URI base, String path) {
        return send(base, "DELETE", path, null, null);
    }

    Reply send(URI base, String method, String path, String body, String contentType) {
        return sendBytes(base, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType,
                Duration.ofSeconds(30));
    }

    Reply sendBytes(URI base, String method, String path, byte[] body, String contentType, Duration timeout) {
        return sendWithHeaders(base, method, path, body, contentType, timeout, Map.of());
    }

    /** A write carrying extra request headers, e.g. {@code X-Registry-Deadline}. */
    Reply sendWith(URI base, String method, String path, String json, Map<String, String> headers) {
        return sendWithHeaders(base, method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", Duration.ofSeconds(30), headers);
    }

    private Reply sendWithHeaders(URI base, String method, String path, byte[] body, String contentType,
                                  Duration timeout, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        long index() {
            return Long.parseLong(header("X-Registry-Index"));
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }
}
