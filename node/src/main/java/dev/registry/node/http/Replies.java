package dev.registry.node.http;

import dev.registry.api.ErrorBody;
import dev.registry.api.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.stream.Collectors;

/** Writes answers: JSON bodies and the one error shape {@code {"error","message"}}. Event-loop only. */
final class Replies {
    static final String JSON = "application/json";

    private final JsonCodec json;

    Replies(JsonCodec json) {
        this.json = json;
    }

    JsonCodec codec() {
        return json;
    }

    void json(RoutingContext ctx, int status, Object value) {
        send(ctx, status, Buffer.buffer(json.write(value)));
    }

    void send(RoutingContext ctx, int status, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // A stream (SSE) already answered 200 and cannot change its status: cut it instead.
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }

    void error(RoutingContext ctx, int status, String code, String message) {
        send(ctx, status, Buffer.buffer(json.write(new ErrorBody(code, message))));
    }

    void invalid(RoutingContext ctx, List<FieldError> errors) {
        error(ctx, 400, "invalid_request", errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    }

    void notFound(RoutingContext ctx, String message) {
        error(ctx, 404, "not_found", message);
    }

    void unavailable(RoutingContext ctx, String message) {
        error(ctx, 503, "unavailable", message);
    }
}
