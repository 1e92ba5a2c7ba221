package dev.registry.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.registry.api.FieldError;
import dev.registry.api.Limits;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration of the HTTP API. Strict on input so that wrong types are a 400 naming
 * the field rather than a silent coercion, and bounded so that hostile JSON (deep nesting, huge
 * numbers) fails fast. Thread-safe once built: ObjectMapper is immutable after configuration.
 */
public final class JsonCodec {
    /** Deeper than any legitimate body (a registration is 3 levels deep); fails deep JSON in microseconds. */
    static final int MAX_NESTING_DEPTH = 16;
    /** A port or TTL never needs more digits; longer numbers are rejected before being parsed. */
    static final int MAX_NUMBER_LENGTH = 32;

    private final ObjectMapper mapper;

    public JsonCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(Limits.BODY_MAX_BYTES)
                        .build())
                .build();
        JsonMapper built = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A check's omitted int fields take 0 (expectStatus 0 = any 2xx); Validation judges the rest.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        // "port": "80" or "host": 80 are the caller's mistakes; say so rather than guess.
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.String,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            built.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            built.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        built.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.mapper = built;
    }

    /** Renders a value; rendering our own records cannot fail, so a failure is a broken invariant. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a body into a tree; the error names "body" and says what is malformed. */
    public JsonNode readTree(byte[] body) throws BadJsonException {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadJsonException(new FieldError("body", "is empty; a JSON object is required"));
            }
            return node;
        } catch (IOException e) {
            throw new BadJsonException(describe("body", e));
        }
    }

    /**
     * The body bound straight to {@code type}, or null when it does not bind: the caller then reads it as
     * a tree ({@link #readTree}, {@link #bind}), which says what is wrong and where. Valid bodies, nearly
     * all of them, skip building the tree: the tree and its binding were an eighth of what a registration
     * allocated on its node.
     */
    public <T> T readDirectly(byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Binds a tree to a record; {@code prefix} names where the tree sits ("" for the body, "instances[3]"). */
    public <T> T bind(JsonNode node, Class<T> type, String prefix) throws BadJsonException {
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadJsonException(describe(prefix, e));
        }
    }

    private static FieldError describe(String prefix, Exception e) {
        if (e instanceof StreamConstraintsException) {
            return new FieldError(prefix.isEmpty() ? "body" : prefix, "exceeds the JSON limits (nesting depth "
                    + MAX_NESTING_DEPTH + ", number length " + MAX_NUMBER_LENGTH + ")");
        }
        if (e instanceof JsonParseException parse) {
            return new FieldError(prefix.isEmpty() ? "body" : prefix, "is malformed JSON: "
                    + printable(parse.getOriginalMessage()));
        }
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String field = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path;
            if (field.isEmpty()) {
                field = "body";
            }
            if (e instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                return new FieldError(field, "must be one of "
                        + Arrays.toString(format.getTargetType().getEnumConstants()));
            }
            return new FieldError(field, "has the wrong JSON type or value: " + printable(mapping.getOriginalMessage()));
        }
        return new FieldError(prefix.isEmpty() ? "body" : prefix, "cannot be read: " + printable(e.getMessage()));
    }

    /** At most 160 printable ASCII characters of a parser message, which may quote the hostile input. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 160; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else {
                out.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
        }
        return out.toString();
    }

    /** A body that is not the JSON a route needs; carries the field at fault. */
    public static final class BadJsonException extends Exception {
        private final FieldError error;

        public BadJsonException(FieldError error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }

        public FieldError error() {
            return error;
        }
    }
}
