package dev.registry.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.registry.api.ApiHeaders;
import dev.registry.api.BatchItemResult;
import dev.registry.api.FieldError;
import dev.registry.api.InstanceStatus;
import dev.registry.api.Limits;
import dev.registry.api.RegistrationRequest;
import dev.registry.api.Validation;
import dev.registry.node.registry.RegistryService;
import dev.registry.node.registry.RegistryService.WriteTerms;
import dev.registry.node.registry.WriteResult;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The write routes: register, heartbeat, status, deregister, batch. Each parses and validates, calls the
 * registry, and maps the {@link WriteResult} to a status code. Runs on an event loop and never blocks:
 * registry futures complete elsewhere and the answer hops back to the request's context.
 */
final class WriteHandlers {
    private final RegistryService registry;
    private final Replies replies;
    private final JsonCodec json;

    WriteHandlers(RegistryService registry, Replies replies) {
        this.registry = registry;
        this.replies = replies;
        this.json = replies.codec();
    }

    void register(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        String id = ctx.pathParam("id");
        WriteTerms terms = QueryParams.writeTerms(ctx, errors);
        RegistrationRequest body = readRegistration(ctx, errors);
        if (body != null) {
            if (body.service() != null && !body.service().equals(service)) {
                errors.add(new FieldError("service", "in the body must match the path (got '"
                        + JsonCodec.printable(body.service()) + "')"));
            }
            if (body.id() != null && !body.id().equals(id)) {
                errors.add(new FieldError("id", "in the body must match the path (got '"
                        + JsonCodec.printable(body.id()) + "')"));
            }
        }
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        errors.addAll(Validation.registration(service, id, body));
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        RegistrationRequest request = new RegistrationRequest(service, id, body.host(), body.port(), body.weight(),
                body.zone(), body.tags(), body.metadata(), body.status(), body.ttlSeconds(), body.check());
        answer(ctx, registry.register(service, id, request, terms), service, id);
    }

    void heartbeat(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        String id = ctx.pathParam("id");
        errors.addAll(Validation.serviceName("service", service));
        errors.addAll(Validation.instanceId("id", id));
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        answer(ctx, registry.heartbeat(service, id), service, id);
    }

    void status(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        String id = ctx.pathParam("id");
        errors.addAll(Validation.serviceName("service", service));
        errors.addAll(Validation.instanceId("id", id));
        WriteTerms terms = QueryParams.writeTerms(ctx, errors);
        InstanceStatus status = null;
        JsonNode node = readObject(ctx, errors);
        if (node != null) {
            JsonNode field = node.get("status");
            if (field == null || field.isNull()) {
                errors.add(new FieldError("status", "is required: one of UP, STARTING, OUT_OF_SERVICE, DOWN"));
            } else if (!field.isTextual() || InstanceStatus.parse(field.textValue()).isEmpty()) {
                errors.add(new FieldError("status", "must be one of UP, STARTING, OUT_OF_SERVICE, DOWN"));
            } else {
                status = InstanceStatus.parse(field.textValue()).get();
            }
        }
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        answer(ctx, registry.setStatus(service, id, status, terms), service, id);
    }

    void deregister(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        String service = ctx.pathParam("service");
        String id = ctx.pathParam("id");
        errors.addAll(Validation.serviceName("service", service));
        errors.addAll(Validation.instanceId("id", id));
        WriteTerms terms = QueryParams.writeTerms(ctx, errors);
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        answer(ctx, registry.deregister(service, id, terms), service, id);
    }

    /**
     * {@code POST /v1/instances:batch}. Items are bound one by one so that a wrongly typed or invalid item
     * fails alone (400 in its result) while the others are registered in one registry call.
     */
    void batch(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        WriteTerms terms = QueryParams.writeTerms(ctx, errors);
        JsonNode node = readObject(ctx, errors);
        JsonNode items = node == null ? null : node.get("instances");
        if (node != null && (items == null || !items.isArray())) {
            errors.add(new FieldError("instances", "is required: a JSON array of registrations"));
        } else if (items != null && items.size() > Limits.BATCH_MAX_ITEMS) {
            errors.add(new FieldError("instances", "has " + items.size() + " items; at most "
                    + Limits.BATCH_MAX_ITEMS));
        }
        if (!errors.isEmpty()) {
            replies.invalid(ctx, errors);
            return;
        }
        BatchItemResult[] results = new BatchItemResult[items.size()];
        List<RegistrationRequest> valid = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = "instances[" + i + "]";
            JsonNode item = items.get(i);
            try {
                if (!item.isObject()) {
                    throw new JsonCodec.BadJsonException(new FieldError(at, "must be a JSON object"));
                }
                RegistrationRequest r = json.bind(item, RegistrationRequest.class, at);
                List<FieldError> itemErrors = Validation.registration(r.service(), r.id(), r);
                if (itemErrors.isEmpty()) {
                    valid.add(r);
                    positions.add(i);
                } else {
                    results[i] = refused(r.service(), r.id(), itemErrors);
                }
            } catch (JsonCodec.BadJsonException e) {
                results[i] = refused(text(item, "service"), text(item, "id"), List.of(e.error()));
            }
        }
        if (valid.isEmpty()) {
            replies.json(ctx, 200, Map.of("results", List.of(results)));
            return;
        }
        onContext(ctx, registry.registerBatch(valid, terms), outcomes -> {
            for (int k = 0; k < positions.size(); k++) {
                RegistrationRequest r = valid.get(k);
                WriteResult w = k < outcomes.size() ? outcomes.get(k) : new WriteResult.Unavailable("no result");
                results[positions.get(k)] = itemResult(r, w);
            }
            replies.json(ctx, 200, Map.of("results", List.of(results)));
        });
    }

    private static BatchItemResult itemResult(RegistrationRequest r, WriteResult w) {
        if (w instanceof WriteResult.Ok) {
            return new BatchItemResult(r.service(), r.id(), 200, null, null);
        }
        if (w instanceof WriteResult.NotFound) {
            return new BatchItemResult(r.service(), r.id(), 404, "not_found", "instance is not registered");
        }
        if (w instanceof WriteResult.Refused ref) {
            return new BatchItemResult(r.service(), r.id(), ref.status(), ref.error(), ref.message());
        }
        WriteResult.Unavailable u = (WriteResult.Unavailable) w;
        return new BatchItemResult(r.service(), r.id(), 503, "unavailable", u.message());
    }

    private static BatchItemResult refused(String service, String id, List<FieldError> errors) {
        return new BatchItemResult(service, id, 400, "invalid_request",
                String.join("; ", errors.stream().map(FieldError::toString).toList()));
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item == null ? null : item.get(field);
        return value != null && value.isTextual() ? JsonCodec.printable(value.textValue()) : null;
    }

    private void answer(RoutingContext ctx, CompletableFuture<WriteResult> future, String service, String id) {
        onContext(ctx, future, result -> {
            if (result instanceof WriteResult.Ok ok) {
                ctx.response().putHeader(ApiHeaders.INDEX, Long.toString(ok.index()));
                if (ok.instance() != null) {
                    replies.json(ctx, 200, ok.instance());
                } else {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("service", service);
                    body.put("id", id);
                    body.put("index", ok.index());
                    replies.json(ctx, 200, body);
                }
            } else if (result instanceof WriteResult.NotFound) {
                replies.notFound(ctx, "instance '" + id + "' of service '" + service + "' is not registered");
            } else if (result instanceof WriteResult.Refused ref) {
                replies.error(ctx, ref.status(), ref.error(), ref.message());
            } else {
                replies.unavailable(ctx, ((WriteResult.Unavailable) result).message());
            }
        });
    }

    /** Runs {@code then} on the request's context once the registry answers; a failure is the node's own: 500. */
    private <T> void onContext(RoutingContext ctx, CompletableFuture<T> future, Consumer<T> then) {
        Context context = ctx.vertx().getOrCreateContext();
        future.whenComplete((value, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                replies.error(ctx, 500, "internal_error", "the registry failed: "
                        + JsonCodec.printable(String.valueOf(failure.getMessage())));
            } else {
                then.accept(value);
            }
        }));
    }

    private RegistrationRequest readRegistration(RoutingContext ctx, List<FieldError> errors) {
        io.vertx.core.buffer.Buffer body = ctx.body().buffer();
        RegistrationRequest direct = body == null ? null
                : json.readDirectly(body.getBytes(), RegistrationRequest.class);
        if (direct != null) {
            return direct;
        }
        JsonNode node = readObject(ctx, errors);
        if (node == null) {
            return null;
        }
        try {
            return json.bind(node, RegistrationRequest.class, "");
        } catch (JsonCodec.BadJsonException e) {
            errors.add(e.error());
            return null;
        }
    }

    /** The body as a JSON object, or null with the error recorded. */
    private JsonNode readObject(RoutingContext ctx, List<FieldError> errors) {
        io.vertx.core.buffer.Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            errors.add(new FieldError("body", "is required: a JSON object"));
            return null;
        }
        try {
            JsonNode node = json.readTree(body.getBytes());
            if (!node.isObject()) {
                errors.add(new FieldError("body", "must be a JSON object"));
                return null;
            }
            return node;
        } catch (JsonCodec.BadJsonException e) {
            errors.add(e.error());
            return null;
        }
    }
}
